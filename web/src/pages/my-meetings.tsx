// A member's own meetings (/my/meetings): their cell's upcoming and past
// meetings with their own attendance, the materials of the next ones, and
// their open tasks (GET /members/{id}, /meetings, .../attendance,
// .../materials, /members/{id}/tasks).
import { get, type Member } from "../api";
import { formatNumber } from "../format";
import { t, tv } from "../i18n";
import { loadMeetings, vnToday, type Material, type Roll, type Task } from "../meetings";
import { useUser } from "../session";
import { ErrorView, Loading, PageHeading, useLoad } from "../ui/ui";
import { TaskList } from "./meeting";
import { MonthGroups, splitMeetings } from "./meetings";

export function MyMeetings() {
	const u = useUser();
	const data = useLoad(async (signal) => {
		if (!u.member_id)
			return null;
		const me = await get<Member>(`/members/${u.member_id}`, signal);
		const ms = await loadMeetings(me.org_id, vnToday(-366), signal);
		const { upcoming, past } = splitMeetings(ms);
		const mine = new Map<number, string>();
		await Promise.all(past.slice(0, 12).map(async (m) => {
			try {
				const r = await get<Roll>(`/meetings/${m.id}/attendance`, signal);
				const e = r.items.find((x) => x.member_id === u.member_id);
				if (e)
					mine.set(m.id, tv("att_", e.status ?? "unrecorded"));
			} catch {
				/* not shown */
			}
		}));
		const materials = await Promise.all(upcoming.slice(0, 3).map((m) =>
			get<{ items: Material[] }>(`/meetings/${m.id}/materials`, signal).then((x) => ({ m, items: x.items }), () => ({ m, items: [] }))));
		const tasks = await get<{ items: Task[] }>(`/members/${u.member_id}/tasks?status=open`, signal)
			.then((x) => x.items, () => [] as Task[]);
		return { upcoming, past, mine, materials, tasks };
	}, [u.member_id]);
	const heading = <PageHeading>{t("my_title")}</PageHeading>;
	if (data.loading)
		return <>{heading}<Loading /></>;
	if (data.error)
		return <>{heading}<ErrorView error={data.error} retry={data.reload} /></>;
	if (!data.value)
		return <>{heading}<p>{t("my_no_member")}</p></>;
	const { upcoming, past, mine, materials, tasks } = data.value;
	const docs = materials.filter((x) => x.items.length > 0);
	return (
		<>
			{heading}
			<section aria-labelledby="my-up-h">
				<h2 id="my-up-h">{t("mt_upcoming")}</h2>
				{upcoming.length === 0 ? <p>{t("mt_none_upcoming")}</p> : <MonthGroups meetings={upcoming} prefix="my-up" />}
			</section>
			{docs.length > 0 && (
				<section aria-labelledby="my-mat-h">
					<h2 id="my-mat-h">{t("my_materials")}</h2>
					<ul class="materials">
						{docs.flatMap((d) => d.items.map((x) => (
							<li key={x.id}><a href={`/api/v1/meetings/${d.m.id}/materials/${x.id}`} download={x.name}>{x.name}</a>
								{" "}<small class="muted">{formatNumber(Math.ceil(x.size / 1024))} KB</small></li>
						)))}
					</ul>
				</section>
			)}
			<section aria-labelledby="my-tasks-h">
				<h2 id="my-tasks-h">{t("my_tasks")}</h2>
				<TaskList tasks={tasks} id="my-tasks" />
			</section>
			<section aria-labelledby="my-past-h">
				<h2 id="my-past-h">{t("mt_past")}</h2>
				{past.length === 0 ? <p>{t("mt_none_past")}</p> :
					<MonthGroups meetings={past} prefix="my-past" extra={(m) => mine.has(m.id) ? `${t("my_my_status")}: ${mine.get(m.id)}` : null} />}
			</section>
		</>
	);
}
