"""Built-in board templates: stages, lanes with colours and roles, and a workshop agenda."""
from __future__ import annotations

from dataclasses import dataclass

from .document import BoardError, Document
from .entities import LaneKind


@dataclass(frozen=True)
class LaneSpec:
    name: str
    role: str
    color: str
    kind: LaneKind = LaneKind.NOTES


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    map_type: str
    description: str
    stages: tuple[str, ...]
    lanes: tuple[LaneSpec, ...]
    agenda: tuple[tuple[str, int], ...] = (
        ("Introduction", 10), ("Empathy mapping", 30), ("Journey mapping", 60), ("Wrap-up", 5))

    def apply(self, doc: Document, title: str | None = None) -> None:
        """Fills a new, empty board with this template."""
        doc.set_board_info(title=title or self.title, map_type=self.map_type, template=self.name)
        for stage in self.stages:
            doc.add_stage(stage)
        for lane in self.lanes:
            doc.add_lane(lane.name, lane.kind, lane.role, lane.color)
        doc.set_agenda(self.agenda)


# Sticky-note colours that stay readable with dark text on a projector.
YELLOW, BLUE, GREEN, PINK, ORANGE, PURPLE, TEAL, GREY = (
    "#FFE082", "#90CAF9", "#A5D6A7", "#F48FB1", "#FFCC80", "#CE93D8", "#80CBC4", "#E0E0E0")

CLASSIC_STAGES = ("Awareness", "Consideration", "Decision", "Retention", "Advocacy")
EMOTIONS = LaneSpec("Emotions", "emotions", PINK, LaneKind.EMOTION)

TEMPLATES: dict[str, Template] = {t.name: t for t in (
    Template(
        "current-state", "Current-state journey", "current-state",
        "How customers experience us today, stage by stage.",
        CLASSIC_STAGES,
        (LaneSpec("Actions", "actions", YELLOW), LaneSpec("Touchpoints", "touchpoints", BLUE),
         LaneSpec("Thoughts & questions", "thoughts", PURPLE), EMOTIONS,
         LaneSpec("Pain points", "pain_points", ORANGE),
         LaneSpec("Opportunities", "opportunities", GREEN)),
    ),
    Template(
        "future-state", "Future-state journey", "future-state",
        "The journey we want to build, with the ideas and owners that get us there.",
        CLASSIC_STAGES,
        (LaneSpec("Actions", "actions", YELLOW), LaneSpec("Touchpoints", "touchpoints", BLUE),
         LaneSpec("Thoughts", "thoughts", PURPLE), LaneSpec("Emotions (to-be)", "emotions", PINK, LaneKind.EMOTION),
         LaneSpec("Ideas", "ideas", GREEN), LaneSpec("Owners", "owners", TEAL),
         LaneSpec("KPIs", "kpis", GREY, LaneKind.METRIC)),
    ),
    Template(
        "day-in-the-life", "A day in the life", "day-in-the-life",
        "One ordinary day of the persona, hour by hour.",
        ("7:00", "9:00", "12:00", "15:00", "18:00", "21:00"),
        (LaneSpec("Activities", "actions", YELLOW), LaneSpec("Places & tools", "touchpoints", BLUE),
         LaneSpec("Thoughts", "thoughts", PURPLE), EMOTIONS,
         LaneSpec("Pain points", "pain_points", ORANGE),
         LaneSpec("Opportunities", "opportunities", GREEN)),
        (("Introduction", 10), ("Empathy mapping", 30), ("Day mapping", 60), ("Wrap-up", 5)),
    ),
    Template(
        "service-blueprint", "Service blueprint", "service-blueprint",
        "What the customer does, what staff do in front and behind, and what supports it.",
        ("Discover", "Book", "Arrive", "Use", "Leave", "Follow up"),
        (LaneSpec("Physical evidence", "evidence", GREY),
         LaneSpec("Customer actions", "actions", YELLOW),
         LaneSpec("Frontstage actions", "frontstage", BLUE),
         LaneSpec("Backstage actions", "backstage", TEAL),
         LaneSpec("Support processes", "backstage", PURPLE),
         LaneSpec("Pain points", "pain_points", ORANGE),
         LaneSpec("Opportunities", "opportunities", GREEN)),
        (("Introduction", 10), ("Customer actions", 30), ("Blueprint layers", 60), ("Wrap-up", 5)),
    ),
    Template(
        "support", "Support journey", "support",
        "From the moment something goes wrong until it is resolved.",
        ("Problem noticed", "Ticket opened", "Waiting", "Diagnosis", "Resolved", "Follow-up"),
        (LaneSpec("Actions", "actions", YELLOW), LaneSpec("Channels", "touchpoints", BLUE),
         LaneSpec("Questions", "questions", PURPLE), EMOTIONS,
         LaneSpec("Pain points", "pain_points", ORANGE),
         LaneSpec("Opportunities", "opportunities", GREEN), LaneSpec("Owners", "owners", TEAL)),
    ),
    Template(
        "churn-renewal", "Churn and renewal", "churn-renewal",
        "Why customers stay or leave around renewal time.",
        ("Using", "Doubting", "Renewal notice", "Decision", "Renewed or left"),
        (LaneSpec("Actions", "actions", YELLOW), LaneSpec("Touchpoints", "touchpoints", BLUE),
         LaneSpec("Thoughts", "thoughts", PURPLE), EMOTIONS,
         LaneSpec("Churn signals", "pain_points", ORANGE),
         LaneSpec("Retention ideas", "opportunities", GREEN),
         LaneSpec("KPIs", "kpis", GREY, LaneKind.METRIC)),
    ),
    Template(
        "blank", "Untitled journey", "blank", "Empty stages and one lane of notes, to start from scratch.",
        ("Stage 1", "Stage 2", "Stage 3"),
        (LaneSpec("Notes", "custom", YELLOW),),
    ),
)}

DEFAULT_TEMPLATE = "current-state"


def template(name: str) -> Template:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise BoardError(f"Unknown template {name!r}; choose one of {', '.join(TEMPLATES)}.") from None
