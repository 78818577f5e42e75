// Texts of signing in: Vietnamese first (with every tone mark), then
// English.  en is typed by vi's keys: a key missing from either language,
// or only in English, fails the type check.
export const vi = {
	login_title: "Đăng nhập",
	login_intro: "Sổ đảng viên và tổ chức đảng của Đảng bộ.",
	username: "Tên đăng nhập",
	password: "Mật khẩu",
	login_submit: "Đăng nhập",
	login_busy: "Đang đăng nhập…",
	session_expired: "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.",
	signed_out: "Bạn đã đăng xuất.",
};

export const en: Record<keyof typeof vi, string> = {
	login_title: "Sign in",
	login_intro: "The Party committee's register of members and organisations.",
	username: "User name",
	password: "Password",
	login_submit: "Sign in",
	login_busy: "Signing in…",
	session_expired: "Your session has expired; sign in again.",
	signed_out: "You have signed out.",
};
