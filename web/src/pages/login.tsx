// Sign-in: user name and password; the API's answer (wrong password, too
// many attempts) is shown as it comes, in the interface's language.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, signIn } from "../api";
import { loginNotice, user } from "../session";
import { t } from "../i18n";
import { useSignal } from "../state";

export function Login(props: { langSwitch: ComponentChildren }) {
	const [username, setUsername] = useState("");
	const [password, setPassword] = useState("");
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState("");
	const notice = useSignal(loginNotice);
	const nameRef = useRef<HTMLInputElement>(null);

	useEffect(() => {
		document.title = `${t("login_title")} — chibo`;
		nameRef.current?.focus();
	}, []);

	async function submit(ev: Event) {
		ev.preventDefault();
		setError("");
		setBusy(true);
		try {
			const u = await signIn(username.trim(), password);
			loginNotice.set("");
			user.set(u);
		} catch (e) {
			setError(e instanceof ApiError && e.problem ? e.problem.detail : t("error_network"));
			setPassword("");
		} finally {
			setBusy(false);
		}
	}

	return (
		<main id="main" class="login-page" tabIndex={-1}>
			<div class="login-top">
				<p class="brand brand-login">
					<img src="/favicon.svg" alt="" width={36} height={36} />
					<span class="brand-name">{t("app_name")}</span>
					<span class="brand-tag">{t("app_tagline")}</span>
				</p>
				<div class="login-lang">{props.langSwitch}</div>
			</div>
			<article class="login-card">
				<header>
					<h1>{t("login_title")}</h1>
					<p class="muted">{t("login_intro")}</p>
				</header>
				{notice && !error && <p class="notice notice-info" role="status">{notice}</p>}
				<div aria-live="assertive">
					{error && <p class="notice notice-error" role="alert" id="login-error">{error}</p>}
				</div>
				<form onSubmit={submit} noValidate>
					<label for="login-username">{t("username")}</label>
					<input id="login-username" ref={nameRef} name="username" autoComplete="username"
						autoCapitalize="none" spellcheck={false} required value={username}
						aria-invalid={error ? "true" : undefined}
						aria-describedby={error ? "login-error" : undefined}
						onInput={(e) => setUsername(e.currentTarget.value)} />
					<label for="login-password">{t("password")}</label>
					<input id="login-password" name="password" type="password" autoComplete="current-password"
						required value={password}
						aria-invalid={error ? "true" : undefined}
						aria-describedby={error ? "login-error" : undefined}
						onInput={(e) => setPassword(e.currentTarget.value)} />
					<button type="submit" aria-busy={busy ? "true" : undefined} disabled={busy || !username || !password}>
						{busy ? t("login_busy") : t("login_submit")}
					</button>
				</form>
			</article>
		</main>
	);
}
