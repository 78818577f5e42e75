// Texts of the audit trail (the page and the member's tab): Vietnamese
// first (with every tone mark), then English.  en is typed by vi's keys: a
// key missing from either language, or only in English, fails the type
// check.  The labels of the actions come from the API (one table, on the
// server: src/svc/audit.c and src/util/msg.c).
export const vi = {
	nav_audit: "Nhật ký",
	audit_title: "Nhật ký thao tác",
	audit_intro: "Ai đã làm gì, khi nào, trên hồ sơ nào. Việc xem một hồ sơ được ghi một lần cho mỗi người xem và phiên đăng nhập, và ghi lại nếu xem tiếp sau 10 phút (mặc định).",
	audit_filters: "Lọc nhật ký",
	audit_filter_user: "Người thực hiện (tên đăng nhập)",
	audit_filter_action: "Thao tác",
	audit_filter_from: "Từ ngày",
	audit_filter_to: "Đến ngày",
	audit_filter_apply: "Lọc",
	audit_filter_clear: "Bỏ lọc",
	audit_all_actions: "Tất cả thao tác",
	audit_for_member: "Chỉ các mục về đảng viên mã {id}.",
	audit_for_batch: "Chỉ mục của lần nhập số {id}.",
	audit_none: "Không có mục nào khớp với bộ lọc.",
	audit_list: "Các mục nhật ký, mới nhất trước",
	audit_more: "Xem thêm",
	audit_of_member: "Hồ sơ đảng viên mã {id}",
	audit_import_link: "Từ lần nhập tệp",
	audit_import_entry: "Xem lần nhập",
	audit_actor_hint: "Tài khoản: {actor}",
	audit_cli: "{who} (dòng lệnh)",
};

export const en: Record<keyof typeof vi, string> = {
	nav_audit: "Audit",
	audit_title: "Audit trail",
	audit_intro: "Who did what, when, on which record. Opening a record is recorded once per viewer and session, and again when it is opened after 10 minutes (the default).",
	audit_filters: "Filter the trail",
	audit_filter_user: "By (user name)",
	audit_filter_action: "Action",
	audit_filter_from: "From",
	audit_filter_to: "To",
	audit_filter_apply: "Filter",
	audit_filter_clear: "Clear filters",
	audit_all_actions: "All actions",
	audit_for_member: "Only the entries about member no. {id}.",
	audit_for_batch: "Only the entry of import no. {id}.",
	audit_none: "No entry matches the filters.",
	audit_list: "Audit entries, newest first",
	audit_more: "Show more",
	audit_of_member: "Record of member no. {id}",
	audit_import_link: "From an import",
	audit_import_entry: "See the import",
	audit_actor_hint: "Account: {actor}",
	audit_cli: "{who} (command line)",
};
