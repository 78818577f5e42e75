// Reference data loaded once per sign-in: the organisations the user may
// see (names for lists, choices for filters), the 54 ethnic groups of the
// rulebook, and which member-list filters this server understands.  The
// rulebook's other choices (age bands, kinds that hold members) come with
// the session (user.choices).
import { allOrgs, ApiError, get, type Org } from "./api";
import { user } from "./session";

let orgsPromise: Promise<Org[]> | null = null;
let rulesPromise: Promise<Rule[]> | null = null;
let filtersPromise: Promise<Set<string>> | null = null;

user.subscribe(() => {
	orgsPromise = rulesPromise = filtersPromise = null;
});

export function orgsCached(): Promise<Org[]> {
	if (!orgsPromise)
		orgsPromise = allOrgs(true).catch((e) => {
			orgsPromise = null;
			throw e;
		});
	return orgsPromise;
}

/** After a change to the organisations. */
export function forgetOrgs(): void {
	orgsPromise = null;
}

interface RuleVersion {
	effective_from: string;
	effective_to: string | null;
	values: Record<string, unknown>;
}

interface Rule {
	id: string;
	versions: RuleVersion[];
}

function rules(): Promise<Rule[]> {
	if (!rulesPromise)
		rulesPromise = get<{ rules: Rule[] }>("/rules").then((r) => r.rules).catch(() => []);
	return rulesPromise;
}

/** The version of a rule in force today (the latest if none is). */
function inForce(rule: Rule | undefined): RuleVersion | undefined {
	const today = new Date().toISOString().slice(0, 10);
	return rule?.versions.find((v) => v.effective_from <= today && (!v.effective_to || today <= v.effective_to))
		?? rule?.versions.at(-1);
}

export function ethnicities(): Promise<string[]> {
	return rules().then((rs) => {
		const names = inForce(rs.find((x) => x.id === "ref.ethnicities"))?.values["names"];
		return Array.isArray(names) ? names.map(String) : [];
	});
}

/** The optional list filters of the issue (ethnicity, age band, year of
 * admission) that GET /members accepts on this server: asked once with
 * all of them; a 400 invalid_query names each one it does not know. */
export const optionalFilters = ["ethnicity", "age_band", "admitted_year"] as const;

export function supportedFilters(): Promise<Set<string>> {
	if (!filtersPromise)
		filtersPromise = get("/members?limit=1&ethnicity=Kinh&age_band=30-39&admitted_year=2000")
			.then(() => new Set<string>(optionalFilters))
			.catch((e) => {
				// Known, but not for this account's personal data
				// (members.tsx leaves them out): supported all the same.
				if (e instanceof ApiError && e.status === 403 && e.code === "forbidden_filter")
					return new Set<string>(optionalFilters);
				if (e instanceof ApiError && e.status === 400) {
					const unknown = new Set(e.errors.filter((x) => x.code === "unknown_field").map((x) => x.field));
					return new Set<string>(optionalFilters.filter((f) => !unknown.has(f)));
				}
				return new Set<string>();
			});
	return filtersPromise;
}
