"""The site's pages as HTML: what each page shows, gathered from SiteData and rendered with the
templates under templates/site/ (a repository may override them, as any template)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from referat import annual, clock, datoer, minutes_view, templating
from referat.danish import danish_key
from referat.minutes_view import MinutesView
from referat.model import Meeting
from referat.people import TASK_FILTERS, tovholder_text, tovholders
from referat.plan import plan_dates
from referat.site import urls
from referat.site.data import Attendance, GroupData, SiteData, owing_organisations
from referat.site.embed import Embedded, embed
from referat.tasks import Task

DUE_DAYS = 14
LATEST = 8
START, END = "<!-- dokument -->", "<!-- /dokument -->"  # around the document in a page (search text)


class Pages:
    def __init__(self, data: SiteData, persons: set[str], organisations: set[str]) -> None:
        self.data = data
        self.rep = data.rep
        self.persons = persons  # those with a page
        self.organisations = organisations

    # --- shared --------------------------------------------------------------------------------

    def render(self, page: str, template: str, **context: Any) -> str:
        root = urls.root_of(page)
        filters: dict[str, Callable[..., object]] = {
            **TASK_FILTERS, "moede_url": urls.task_meeting, "orgs": self.task_organisations}
        return templating.render(self.rep.root, template, filters, root=root, site=self.rep.settings.name,
                                 public=self.data.public, today=self.data.today, links=self.links(root),
                                 **context)

    def links(self, root: str) -> dict[str, str]:
        """Person and organisation id → their page, from the page at root."""
        return {**{o: root + urls.organisation(o) for o in self.organisations},
                **{p: root + urls.person(p) for p in self.persons}}

    def task_organisations(self, t: Task) -> list[str]:
        """The organisations a task is owed by, for the task list's filter."""
        return sorted(owing_organisations(t, self.rep.registry))

    def meeting_link(self, m: Meeting) -> dict[str, str]:
        g = self.rep.registry.groups.get(m.group_folder)
        return {"url": urls.meeting(m), "file": urls.meeting_file(m.path), "date_plain": datoer.format_date(m.date),
                "date_text": datoer.format_date(m.date, weekday=True), "title": m.title, "status": m.status,
                "group_name": g.name if g else m.group_folder,
                "label": f"{g.name if g else m.group_folder} {datoer.format_date(m.date)}"}

    # --- a meeting, an annual report ----------------------------------------------------------

    def meeting_view(self, m: Meeting, tasks: list[Task]) -> MinutesView:
        """The minutes as `vis` shows them (the agenda for a planned meeting), public as
        `vis --offentlig` when the site is."""
        body, body_line = minutes_view.read_body(self.rep, m)
        return minutes_view.build(self.rep, m, body, body_line, tasks, public=self.data.public)

    def meeting(self, g: GroupData, m: Meeting, view: MinutesView, shared_css: str,
                attachment_links: Callable[[int, str], str], downloads: list[tuple[str, str]]) -> str:
        """The meeting's page: its view inside the site's frame; attachment_links(number, file)
        gives each attachment's link, '' for none; downloads are (what, file) beside the page."""
        items = []
        links = {}
        for mi in view.items:
            kept = []
            for a in mi.item.attachments:
                href = attachment_links(a.number, a.file)
                if href:
                    links[a.number] = href
                kept.append(a if href else dataclasses.replace(a, file=""))
            items.append(dataclasses.replace(mi, item=dataclasses.replace(mi.item, attachments=tuple(kept))))
        view = dataclasses.replace(view, items=tuple(items))
        doc = embed(minutes_view.render_html(self.rep.root, view, links), shared_css)
        prev, nxt = g.neighbours(m)
        page = urls.meeting(m)
        return self.render(page, "site/dokument.html.j2", doc=self._marked(doc),
                           title=f"{view.heading if m.status != 'planlagt' else 'Dagsorden'}: {g.group.name}, "
                                 f"{view.date_plain}",
                           group_name=g.group.name, crumb=view.date_plain, downloads=downloads,
                           prev=self.meeting_link(prev) if prev else None,
                           next=self.meeting_link(nxt) if nxt else None)

    def report(self, g: GroupData, year: int, shared_css: str) -> str:
        report = annual.build(self.rep, g.group, g.meetings, self.data.tasks, year, self.data.today)
        doc = embed(annual.render_html(self.rep.root, report), shared_css)
        return self.render(urls.report(g.group.id, year), "site/dokument.html.j2", doc=self._marked(doc),
                           title=f"Årsrapport {year}: {g.group.name}", group_name=g.group.name,
                           crumb=f"Årsrapport {year}", downloads=[], prev=None, next=None)

    @staticmethod
    def _marked(doc: Embedded) -> Embedded:
        # markdown-it writes no raw HTML, so the markers appear nowhere else in the page
        return dataclasses.replace(doc, before=Markup(doc.before), style=Markup(doc.style),
                                   body=Markup(f"{START}\n{doc.body}\n{END}"))

    # --- the start page, a group, the tasks ---------------------------------------------------

    def start(self) -> str:
        today = self.data.today
        groups = []
        approved = []
        for g in self.data.groups:
            coming = next((m for m in g.meetings if m.date >= today), None)
            done = [m for m in g.meetings if m.status == "godkendt"]
            approved += done
            nxt: dict[str, Any] | None = None
            if coming:
                nxt = {**self.meeting_link(coming), "time": _time(coming), "place": coming.place,
                       "agenda": [{"nr": it.nr, "title": it.title} for it in coming.agenda]}
            elif planned := [d for d in plan_dates(g.group) if d >= today]:  # a plan date no file has yet
                nxt = {"url": "", "date_text": datoer.format_date(min(planned), weekday=True)}
            groups.append({"name": g.group.name, "url": urls.group(g.group.id), "next": nxt,
                           "count": len(g.meetings), "latest": self.meeting_link(done[-1]) if done else None})
        soon = today + dt.timedelta(days=DUE_DAYS)
        due = sorted((t for t in self.data.tasks if not t.done and t.deadline is not None and t.deadline.date <= soon),
                     key=lambda t: t.sort_key)
        latest = [self.meeting_link(m) for m in sorted(approved, key=lambda m: m.date, reverse=True)[:LATEST]]
        return self.render("index.html", "site/forside.html.j2", groups=groups, due=due, latest=latest,
                           open_count=sum(1 for t in self.data.tasks if not t.done))

    def group(self, g: GroupData, report_years: list[int]) -> str:
        reg = self.rep.registry
        today = self.data.today
        years: dict[int, list[dict[str, str]]] = {}
        for m in reversed(g.meetings):
            years.setdefault(m.date.year, []).append(self.meeting_link(m))
        members = []
        for member in g.group.members_on(today):
            person = reg.person(member.person.text)
            org_ref = member.organisation or (aff.organisation if person and (aff := person.affiliation_on(today))
                                              else None)
            org = reg.organisation(org_ref.text) if org_ref else None
            members.append({"name": person.name if person else member.person.text,
                            "url": urls.person(person.id) if person and person.id in self.persons else "",
                            "org": org.name if org else (org_ref.text if org_ref else ""),
                            "org_url": urls.organisation(org.id) if org and org.id in self.organisations else "",
                            "role": member.role})
        plan = [(y, [datoer.format_date(d) for d in sorted(ds)])
                for y, ds in sorted(g.group.plan.items(), reverse=True)]
        tov = []
        for year in sorted({m.date.year for m in g.meetings} | set(g.group.plan) | set(g.group.tovholder),
                           reverse=True):
            found = tovholders(self.rep, g.group, year, today)
            if found.periods:
                text = "; ".join(tovholder_text(self.rep, p, dates=True) for p in found.periods)
                tov.append((year, text + (f" ({found.note})" if found.note else "")))
        return self.render(urls.group(g.group.id), "site/gruppe.html.j2", name=g.group.name,
                           years=list(years.items()), members=members, plan=plan, tovholders=tov,
                           today_text=datoer.format_date(today),
                           reports=[(y, urls.report_file(y)) for y in sorted(report_years, reverse=True)])

    def tasks(self) -> str:
        reg = self.rep.registry
        open_ = sorted((t for t in self.data.tasks if not t.done), key=lambda t: t.sort_key)
        groups = sorted({(t.group, t.group_name) for t in open_}, key=lambda x: x[1].casefold())
        orgs = sorted({(o, reg.organisations[o].name) for t in open_ for o in self.task_organisations(t)},
                      key=lambda x: x[1].casefold())
        owners = sorted({(o.id, o.name) for t in open_ for o in t.owners if o.kind in ("person", "organisation")},
                        key=lambda x: x[1].casefold())
        return self.render("opgaver/index.html", "site/opgaver.html.j2", open=open_, groups=groups,
                           organisations=orgs, owners=owners)

    # --- a person, an organisation --------------------------------------------------------------

    def person(self, pid: str, tasks: list[Task]) -> str:
        reg = self.rep.registry
        p = reg.persons[pid]
        facts = []
        aff = p.affiliation_on(self.data.today)
        if aff and (org := reg.organisation(aff.organisation.text)) is not None:
            facts.append(("Organisation", org.name, urls.organisation(org.id) if org.id in self.organisations else ""))
        for g in self.data.groups:
            if any(reg.person(mb.person.text) is p for mb in g.group.members_on(self.data.today)):
                facts.append(("Medlem af", g.group.name, urls.group(g.group.id)))
        return self._who(urls.person(pid), p.name, facts, tasks, self.data.persons.get(pid))

    def organisation(self, oid: str, tasks: list[Task]) -> str:
        o = self.rep.registry.organisations[oid]
        return self._who(urls.organisation(oid), o.name, [], tasks, self.data.organisations.get(oid))

    def _who(self, page: str, name: str, facts: list[tuple[str, str, str]], tasks: list[Task],
             attendance: Attendance | None) -> str:
        open_ = sorted((t for t in tasks if not t.done), key=lambda t: t.sort_key)
        closed = sorted((t for t in tasks if t.done), key=lambda t: (t.closed or t.meeting, t.id), reverse=True)
        rows = []
        if attendance:
            for year in attendance.years:
                rows.append((year, [self.meeting_link(m) for m in attendance.present.get(year, [])],
                             [self.meeting_link(m) for m in attendance.absent.get(year, [])]))
        return self.render(page, "site/person.html.j2", name=name, facts=facts, open=open_, closed=closed,
                           attendance=rows)


    def register(self, kind: str) -> str:
        """personer.html or organisationer.html (beside the folders, so no id can be its name):
        everyone with a page, A to Å, with their organisation today (people)."""
        reg = self.rep.registry
        rows = []
        if kind == "personer":
            for pid in self.persons:
                p = reg.persons[pid]
                aff = p.affiliation_on(self.data.today)
                org = reg.organisation(aff.organisation.text) if aff else None
                rows.append((p.name, urls.person(pid), org.name if org else ""))
        else:
            for oid in self.organisations:
                o = reg.organisations[oid]
                rows.append((o.name, urls.organisation(oid), ""))
        rows.sort(key=lambda r: danish_key(r[0]))
        title = "Personer" if kind == "personer" else "Organisationer"
        return self.render(f"{kind}.html", "site/register.html.j2", title=title, rows=rows,
                           people=kind == "personer")


def _time(m: Meeting) -> str:
    return clock.shown_time(m.time)

