"""The pabulib ``.pb`` format (pabulib.org): the research community's open-data format.

Three sections, each a ``;``-separated table with a header line: ``META`` (``key;value``),
``PROJECTS`` (``project_id;cost;...``) and ``VOTES`` (``voter_id;vote;...``, ``vote`` a
comma-separated list of project ids). Fields are written with :mod:`csv` (quoted when they hold
a ``;``, a quote or a line break), so a project's name cannot break the file. Pure Python.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

SECTIONS = ("META", "PROJECTS", "VOTES")


@dataclass
class PbFile:
    meta: dict = field(default_factory=dict)
    #: project rows in order; every row a dict holding at least "project_id" and "cost"
    projects: list = field(default_factory=list)
    #: vote rows; every row a dict holding at least "voter_id" and "vote" (a list of ids)
    votes: list = field(default_factory=list)


def _one_line(value):
    # A .pb line is one record; flatten line breaks (names, descriptions) to spaces.
    return " ".join(str(value).split()) if value is not None else ""


def dumps(pb: PbFile) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(pb.meta)
    meta.setdefault("num_projects", len(pb.projects))
    meta.setdefault("num_votes", len(pb.votes))
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, _one_line(value)])
    out.write("PROJECTS\n")
    project_columns = ["project_id", "cost"]
    for row in pb.projects:
        project_columns += [k for k in row if k not in project_columns]
    writer.writerow(project_columns)
    for row in pb.projects:
        writer.writerow([_one_line(row.get(column, "")) for column in project_columns])
    out.write("VOTES\n")
    vote_columns = ["voter_id", "vote"]
    for row in pb.votes:
        vote_columns += [k for k in row if k not in vote_columns]
    writer.writerow(vote_columns)
    for row in pb.votes:
        cells = []
        for column in vote_columns:
            value = row.get(column, "")
            if column == "vote":
                value = ",".join(str(v) for v in value)
            cells.append(_one_line(value))
        writer.writerow(cells)
    return out.getvalue()


def loads(text: str) -> PbFile:
    pb = PbFile()
    section = None
    header = None
    for cells in csv.reader(io.StringIO(text), delimiter=";"):
        if not cells:
            continue
        if len(cells) == 1 and cells[0].strip().upper() in SECTIONS:
            section = cells[0].strip().upper()
            header = None
            continue
        if section is None:
            raise ValueError("a .pb file starts with a META section")
        if header is None:
            header = [c.strip() for c in cells]
            continue
        row = dict(zip(header, cells, strict=False))
        if section == "META":
            pb.meta[row["key"]] = row.get("value", "")
        elif section == "PROJECTS":
            pb.projects.append(row)
        else:
            vote = row.get("vote", "")
            row["vote"] = [v.strip() for v in vote.split(",") if v.strip()]
            pb.votes.append(row)
    return pb
