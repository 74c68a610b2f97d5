"""The case's fact model: what the person's messages say, kept per conversation and folded turn by turn.

Each user turn adds facts (flags such as `off_platform`, values such as `months_worked`, amounts labelled by
role: paid / penalty claimed against them / owed to them …); a later turn overrides an earlier value, so a
correction or the months of a missing contract arriving later simply update the case. The patterns are data
(knowledge/casework/signals.yml); this module only applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kb.knowledge import document
from kb.loader import KNOWLEDGE_DIR
from nlu.language import detect_language
from nlu.normalise import chinese_number

SIGNALS = "casework/signals.yml"
EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# A number with an optional ten-thousand/thousand suffix and currency; what follows tells months from money.
_NUMBER = re.compile(
    r"(?P<pre>¥|￥|\$)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]+)\s*(?P<mult>万|千(?!川)|w(?![a-z])|k(?![a-z]))?\s*"
    r"(?P<unit>元|块钱|块|rmb|yuan|cny)?",
    re.IGNORECASE,
)
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(个|多?个?月|小时|天|倍|%|次|人|单|号|点|年|岁|斤|分钟|条|件|hours?|days?|months?|times|x\b|%)"
)
_MULTIPLIERS = {"万": 10000, "w": 10000, "千": 1000, "k": 1000}
_WINDOW_BREAK = re.compile(r"[，,。;；!！?？、\n]|\. |\d")
# After a number the window also ends at "and"/"和": "owe me 8000 and demand a penalty" is not a penalty of 8000.
_AFTER_BREAK = re.compile(r"[，,。;；!！?？、\n]|\. |\d|\band\b|和|以及|还")
WINDOW = 24
# English words are longer: "my base pay was supposed to be 5000" puts its role word 31 characters back.
WINDOW_ENGLISH = 40
AFTER_WINDOW = 16
AFTER_ROLES = ("penalty", "fee", "loss", "loss_after", "wage_after", "paid_after")
_LINE_OF_INTENT = {"consumer": "consumer", "streamer": "labour", "merchant": "merchant"}


@dataclass(frozen=True)
class Amount:
    """A sum of money the person mentioned, with what it is (its role) and the turn it came in."""

    value: Decimal
    role: str
    turn: int


@dataclass(frozen=True)
class ShortPay:
    """Pay that arrived short of the agreed wage: in total over `months`, or every month when `per_month`."""

    wage: Decimal
    received: Decimal
    months: Decimal
    per_month: bool

    @property
    def owed(self) -> Decimal:
        arrived = self.received * self.months if self.per_month else self.received
        return self.wage * self.months - arrived


@dataclass(frozen=True)
class Turn:
    """One user message as the fact model reads it."""

    text: str
    entities: tuple[Mapping[str, Any], ...] = ()
    intent: str | None = None
    problems: tuple[str, ...] = ()
    # The fact the bot had just asked for (a form's requested slot or a casework question), if any.
    asked: str | None = None
    # Who is speaking (the NLU's role: buyer, merchant, streamer_staff …), if known.
    role: str | None = None


@dataclass
class CaseFacts:
    """Everything known about the case: flags (with the turn they were set), values, amounts, feelings."""

    flags: dict[str, int] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    amounts: list[Amount] = field(default_factory=list)
    feelings: list[str] = field(default_factory=list)
    intents: dict[str, int] = field(default_factory=dict)
    # Flags only an intent implied (knowledge/casework/signals.yml `intent_flags`), no words of the person.
    implied: set[str] = field(default_factory=set)
    # The speaker's role per turn (turn index → role), where the NLU gave one.
    speakers: dict[int, str] = field(default_factory=dict)
    turns: int = 0

    def has(self, name: str) -> bool:
        """True when a flag, a derived fact or a value with that name holds."""
        return name in self.flags or name in derived_facts(self) or self.values.get(name) not in (None, False)

    def amount(self, role: str) -> Decimal | None:
        """The latest amount with this role (paid, loss, penalty, owed, deducted, wage, fee, promised)."""
        found = [amount for amount in self.amounts if amount.role == role]
        return found[-1].value if found else None

    def short_pay(self) -> ShortPay | None:
        """The agreed wage and the pay that arrived short of it, when they gave both and no sum owed of their own."""
        wage, received = self.amount("wage"), self.amount("received")
        if self.amount("owed") is not None or wage is None:
            return None
        if received is None and self.values.get("months_unpaid"):  # "三个月没发，一个月4500": nothing arrived
            return ShortPay(wage, Decimal(0), Decimal(self.values["months_unpaid"]), False)
        if received is None:
            return None
        per_month = bool(self.values.get("received_per_month"))
        # As said ("这两个月只发了2000"); short every month: the months worked ("每个月只发3000，已三个月"); else 1.
        months = Decimal(self.values.get("months_short_paid") or (per_month and self.values.get("months_worked")) or 1)
        short = ShortPay(wage, received, months, per_month)
        return short if short.owed > 0 else None

    def owed(self) -> Decimal | None:
        """What is owed: the sum they named, else what the short pay leaves (4000 × 2 − 2000 = 6000)."""
        short = self.short_pay()
        return short.owed if short is not None else self.amount("owed")

    def speaks_for(self, turn: int, line: str) -> bool:
        """False when the one who wrote turn `turn` cannot have this service line's problem themselves: a
        seller quoting a buyer's return demand raises no consumer problem (knowledge/casework/signals.yml)."""
        return line not in excluded_lines(self.speakers.get(turn))

    def line(self) -> str:
        """The service line most facts belong to (consumer, labour or merchant)."""
        lines = [line_of_intent(intent) for intent in self.intents]
        known = signals()["flags"]
        lines += [known[flag]["line"] for flag in self.flags if flag in known]
        counted = [line for line in lines if line in ("consumer", "labour", "merchant")]
        return max(set(counted), key=counted.count) if counted else "consumer"


@lru_cache(maxsize=4)
def _compiled(mtime_ns: int) -> dict[str, Any]:
    """The signal patterns compiled once per version of the file (an edit is picked up on the next message)."""
    data = document(SIGNALS)
    flags = {
        name: (
            [re.compile(p) for p in spec["patterns"]],
            [re.compile(p) for p in spec.get("negated_by", [])],
        )
        for name, spec in data["flags"].items()
    }
    return {
        "flags": flags,
        "claimed": [re.compile(p) for p in data["material"]["claimed"]],
        "actual": [re.compile(p) for p in data["material"]["actual"]],
        "mismatch": [re.compile(p) for p in data["material"]["mismatch"]],
        "promise": [re.compile(p) for p in data["promise_multiplier"]],
        "months": [re.compile(p, re.MULTILINE) for p in data["months_worked"]],
        "half_year": [re.compile(p) for p in data["half_year_words"]],
        "months_short_paid": [re.compile(p) for p in data["months_short_paid"]],
        "months_unpaid": [re.compile(p) for p in data["months_unpaid"]],
        "received_per_month": [re.compile(p) for p in data["received_per_month"]],
        "hours": [re.compile(p) for p in data["hours_per_day"]],
        "shift_clock": [re.compile(p) for p in data["shift_clock"]],
        "afternoon": set(data["afternoon_marks"]),
        "correction": [re.compile(p) for p in data["correction_cues"]],
        "new_purchase": [re.compile(p) for p in data["new_purchase"]],
        "not_this_amount": [re.compile(p) for p in data["not_this_amount"]],
        "fact_words": [re.compile(p) for p in data["fact_words"]],
        "roles": {role: [re.compile(p) for p in words] for role, words in data["amount_roles"].items()},
        "feelings": {name: [re.compile(p) for p in spec["patterns"]] for name, spec in data["feelings"].items()},
        "relatives": {name: [re.compile(p) for p in spec["patterns"]] for name, spec in data["relatives"].items()},
        "own_purchase": [re.compile(p) for p in data["own_purchase"]],
        "first_person": [re.compile(p) for p in data["first_person"]],
    }


def signals() -> dict[str, Any]:
    """knowledge/casework/signals.yml as loaded."""
    return dict(document(SIGNALS))


def _patterns() -> dict[str, Any]:
    return _compiled((KNOWLEDGE_DIR / SIGNALS).stat().st_mtime_ns)


def _count(word: str) -> Decimal | None:
    word = word.strip().lower()
    if word in EN_NUMBERS:
        return Decimal(EN_NUMBERS[word])
    return chinese_number(word)


def _first_number(patterns: Iterable[re.Pattern[str]], text: str) -> Decimal | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match and match.groupdict().get("n"):
            number = _count(match.group("n"))
            if number is not None:
                return number
    return None


def _shift_hours(text: str, patterns: dict[str, Any]) -> Decimal | None:
    """Hours of a shift given as clock times ("从下午两点播到凌晨两点" → 12), or None."""
    for pattern in patterns["shift_clock"]:
        match = pattern.search(text)
        if not match:
            continue
        start, end = _count(match.group("from")), _count(match.group("to"))
        if start is None or end is None or start > 12 or end > 12:
            continue
        start += 12 if match.group("from_mark") in patterns["afternoon"] and start < 12 else 0
        end += 12 if match.group("to_mark") in patterns["afternoon"] and end < 12 else 0
        if not match.group("to_mark") and end < start < end + 12:
            end += 12  # "下午3点到5点": the second time is in the same afternoon
        hours = int(end - start) % 24  # past midnight: 14:00 → 02:00 is 12 hours
        return Decimal(hours) if hours else None
    return None


def _role_before(text: str, start: int, end: int, asked_role: str | None) -> str | None:
    window = text[max(0, start - WINDOW_ENGLISH) : start]
    if detect_language(window) == "zh":
        window = window[-WINDOW:]
    breaks = list(_WINDOW_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    roles = _patterns()["roles"]
    if any(p.search(text[end : end + AFTER_WINDOW]) for p in roles["owed_after"]):
        return "owed"
    before = next(
        (r for r, patterns in roles.items() if not r.endswith("_after") and any(p.search(window) for p in patterns)),
        None,
    )
    if before not in (None, "paid", "owed"):
        return before
    # "20000 yuan agency fee", "owe a 200000 yuan penalty": a specific word right after beats "paid"/"owe".
    after = text[end : end + AFTER_WINDOW]
    cut = _AFTER_BREAK.search(after)
    after = after[: cut.start()] if cut else after
    following = next((role for role in AFTER_ROLES if any(p.search(after) for p in roles[role])), None)
    following = following.removesuffix("_after") if following else None
    return following or before or asked_role


def read_amounts(text: str, asked_role: str | None = None) -> list[tuple[Decimal, str | None]]:
    """Every sum of money in `text` with its role (None when neither words nor the question say what it is)."""
    found: list[tuple[Decimal, str | None]] = []
    for match in _NUMBER.finditer(text):
        raw = match.group("num").replace(",", "")  # "1,280 yuan"
        if raw.isdigit() and len(raw) >= 9:  # order numbers, phone numbers
            continue
        if _NOT_MONEY_AFTER.match(text[match.end("num") :]) and not match.group("unit") and not match.group("mult"):
            continue
        number = chinese_number(raw)
        if number is None or number == 0:
            continue
        if any(p.search(text[max(0, match.start() - WINDOW) : match.start()]) for p in _patterns()["not_this_amount"]):
            continue  # "不是200": the sum the person just took back
        # A Chinese numeral inside words ("假一赔十", "一直") is money only with a unit: "两百块", "五万违约金".
        if not raw[0].isdigit() and not (match.group("unit") or re.search("[百千万]", raw)):
            continue
        if match.group("mult"):
            number *= _MULTIPLIERS[match.group("mult").lower()]
        role = _role_before(text, match.start(), match.end(), asked_role)
        marked = bool(match.group("pre") or match.group("unit") or match.group("mult"))
        if role is None and not marked:
            continue
        found.append((number, role))
    return found


# What a question the bot asked makes a bare number mean.
ASKED_ROLE = {"amount_paid": "paid", "loss_amount": "loss", "monthly_wage": "wage"}


def line_of_intent(intent: str | None) -> str | None:
    """The service line an intent belongs to (consumer, labour, merchant), from its prefix."""
    return _LINE_OF_INTENT.get(str(intent or "").split("_")[0])


def excluded_lines(role: str | None) -> list[str]:
    """The service lines a speaker in `role` cannot raise as their own problem (`role_excludes`)."""
    return list(signals().get("role_excludes", {}).get(role, [])) if role else []


def trusted_role(role: str | None, intent: str | None) -> bool:
    """True when the NLU's role agrees with the message's own intent: a role that contradicts it ("卖家发的货是假的"
    read as a merchant, intent counterfeit) is doubted, so the buyer's problems stay."""
    return bool(role) and line_of_intent(intent) not in excluded_lines(role)


def read_turn(facts: CaseFacts, turn: Turn) -> None:
    """Add what one message says to the case (later turns override earlier values)."""
    index = facts.turns
    facts.turns += 1
    if trusted_role(turn.role, turn.intent):
        facts.speakers[index] = str(turn.role)
    text = turn.text.lower()
    patterns = _patterns()
    intent_flags = signals().get("intent_flags", {})
    # A correction ("其实是1580元，不是1280") is read for its facts: its intent (a price sentence looks like a
    # fake "original price") is no new problem.
    correcting = index > 0 and is_correction(text)
    for intent in [] if correcting else [turn.intent, *turn.problems] if turn.intent else list(turn.problems):
        facts.intents.setdefault(intent, index)
        for flag in intent_flags.get(intent, []):
            if flag not in facts.flags:
                facts.flags[flag] = index
                facts.implied.add(flag)
    if not text.startswith("/"):
        for name, (positive, negative) in patterns["flags"].items():
            if any(p.search(text) for p in negative):
                facts.flags.pop(name, None)
                facts.implied.discard(name)
            elif any(p.search(text) for p in positive):
                facts.flags.setdefault(name, index)
                facts.implied.discard(name)
        if any(p.search(text) for p in patterns["claimed"]) and any(p.search(text) for p in patterns["actual"]):
            facts.flags.setdefault("misrepresented_material", index)
        if any(p.search(text) for p in patterns["mismatch"]):
            facts.flags.setdefault("misrepresented_material", index)
        _read_values(facts, text, turn.asked, patterns, correcting)
        writes_for_someone = (
            turn.role in signals()["relative_roles"] or _only_the_relative_is_named(text, patterns)
        ) and not any(p.search(text) for p in patterns["own_purchase"])
        if writes_for_someone and "writing_for" not in facts.values:
            relative = next(
                (name for name, found in patterns["relatives"].items() if any(p.search(text) for p in found)), None
            )
            if relative:
                facts.values["writing_for"] = relative
        for name, feeling_patterns in patterns["feelings"].items():
            if name not in facts.feelings and any(p.search(text) for p in feeling_patterns):
                facts.feelings.append(name)
    _read_entities(facts, turn, index)


def _read_values(facts: CaseFacts, text: str, asked: str | None, patterns: dict[str, Any], correcting: bool) -> None:
    """The values and amounts of one message; `correcting`: it takes back something said before (read once, in
    read_turn)."""
    promise = _first_number(patterns["promise"], text)
    if promise is not None:
        facts.values["promise_multiplier"] = promise
    months = _first_number(patterns["months"], text)
    if months is None and any(p.search(text) for p in patterns["half_year"]):
        months = Decimal(6)
    if months is None and asked == "months_worked":
        bare = re.fullmatch(r"\s*(\d+|[一二两三四五六七八九十]+)\s*", text)
        months = _count(bare.group(1)) if bare else None
    if months is not None:
        if correcting:
            _correct_other_months(facts, text, int(months))
        facts.values["months_worked"] = int(months)
    unpaid_months = _first_number(patterns["months_unpaid"], text)
    if unpaid_months is not None:
        facts.values["months_unpaid"] = int(unpaid_months)
    short_months = _first_number(patterns["months_short_paid"], text)
    if short_months is not None:
        facts.values["months_short_paid"] = int(short_months)
    if any(p.search(text) for p in patterns["received_per_month"]):
        facts.values["received_per_month"] = True
    hours = _first_number(patterns["hours"], text)
    if hours is None:
        hours = _shift_hours(text, patterns)
    if hours is not None:
        facts.values["hours_per_day"] = hours
    asked_role = ASKED_ROLE.get(asked or "")
    if asked == "months_worked":
        asked_role = "wage"  # "8个月，5000" answers months and the monthly pay
    if asked_role is None and facts.amounts and correcting:
        asked_role = _corrected_role(facts, text)
    for value, role in read_amounts(text, asked_role):
        facts.amounts.append(Amount(value, role or _default_role(facts), facts.turns - 1))


MONTH_FACTS = ("months_unpaid", "months_short_paid")


def _correct_other_months(facts: CaseFacts, text: str, months: int) -> None:
    """ "Actually it's 4 months, not 3": every months fact that held the number taken back takes the new one (the
    unpaid months too, not only the months worked)."""
    taken = {int(number) for number in taken_back_amounts(text)}
    for name in MONTH_FACTS:
        if name in facts.values and int(facts.values[name]) in taken:
            facts.values[name] = months


def _only_the_relative_is_named(text: str, patterns: dict[str, Any]) -> bool:
    """True when the writer appears only in naming a relative ("My little sister is a host assistant … she works
    12 hours"): the story is the relative's, whatever role the classifier read from the work words."""
    rest = text
    for found in patterns["relatives"].values():
        for pattern in found:
            rest = pattern.sub(" ", rest)
    return rest != text and not any(p.search(rest) for p in patterns["first_person"])


def taken_back_amounts(text: str) -> list[Decimal]:
    """The sums a message takes back ("其实是1580元，不是1280" → 1280; "1580, not 1280" → 1280)."""
    taken: list[Decimal] = []
    for match in _NUMBER.finditer(text):
        before = text[max(0, match.start() - WINDOW) : match.start()]
        number = chinese_number(match.group("num"))
        if number and any(p.search(before) for p in _patterns()["not_this_amount"]):
            taken.append(number)
    return taken


def _corrected_role(facts: CaseFacts, text: str) -> str:
    """The role of the sum a correction replaces: the earlier sum it names as wrong, else the one given last
    ("说错了，是1500")."""
    for value in taken_back_amounts(text):
        named = [amount for amount in facts.amounts if amount.value == value]
        if named:
            return named[-1].role
    return facts.amounts[-1].role


def _read_entities(facts: CaseFacts, turn: Turn, index: int) -> None:
    # Typed words are read by the text reader, which weighs each number's role (and leaves out what is not
    # money); the money entity only counts for a button payload or when the reader found no amount at all.
    typed = not turn.text.startswith("/")
    read_from_text = typed and bool(re.search(r"\d", turn.text) or any(a.turn == index for a in facts.amounts))
    asked_role = ASKED_ROLE.get(turn.asked or "")
    for entity in turn.entities:
        name, value = entity.get("entity"), entity.get("value")
        if name == "money" and value is not None:
            try:
                number = Decimal(str(value))
            except ArithmeticError:
                continue
            if not read_from_text:
                facts.amounts.append(Amount(number, asked_role or _default_role(facts), index))
        elif name == "days_ago" and value is not None:
            facts.values["days_since_receipt"] = int(Decimal(str(value)))
        elif name in ("platform", "product_category") and value:
            facts.values[name] = value
            if value == "food":
                facts.flags.setdefault("food", index)


def _default_role(facts: CaseFacts) -> str:
    return str(signals()["default_role"].get(facts.line(), "paid"))


def is_correction(text: str) -> bool:
    """True when a message takes back something said before ("说错了", "sorry, it's …", "actually")."""
    return any(p.search(text.lower()) for p in _patterns()["correction"])


def raised_flags(text: str) -> set[str]:
    """The casework flags one message raises on its own ("卖家把我拉黑了" → seller_vanished)."""
    facts = CaseFacts()
    read_turn(facts, Turn(text=text))
    return set(facts.flags)


def gives_a_fact(text: str) -> bool:
    """True when a message carries a number or a platform, as a correction of a fact does ("服务费是5万")."""
    return any(p.search(text.lower()) for p in _patterns()["fact_words"])


def starts_new_purchase(text: str) -> bool:
    """True when a message turns to another purchase ("另外我在快手买的面膜用了过敏"), which is a case of its own."""
    lowered = text.lower()
    return not lowered.startswith("/") and any(p.search(lowered) for p in _patterns()["new_purchase"])


def fold(turns: Iterable[Turn]) -> CaseFacts:
    """The case after all turns, in order, from the latest message that turned to another purchase."""
    turns = list(turns)
    start = max((index for index, turn in enumerate(turns) if index and starts_new_purchase(turn.text)), default=0)
    facts = CaseFacts()
    for turn in turns[start:]:
        read_turn(facts, turn)
    return facts


def derived_facts(facts: CaseFacts) -> set[str]:
    """Facts that follow from others: e.g. a promise above the statutory multiplier, signs of employment."""
    flags = set(facts.flags)
    derived: set[str] = set()
    promise = facts.values.get("promise_multiplier")
    food_case = "food" in flags and ("food_unsafe" in flags or "consumer_food_safety" in facts.intents)
    if food_case:
        derived.add("food_case")
    if flags & {"health_harm", "skin_reaction"}:
        derived.add("someone_hurt")
    cosmetic = "cosmetics" in flags or facts.values.get("product_category") == "cosmetics"
    if cosmetic and not food_case and "someone_hurt" in derived:
        derived.add("cosmetics_case")
    statutory = 10 if food_case else 3
    if promise is not None and promise > statutory:
        derived.add("promise_above_statute")
    if flags & {"sign_attendance", "sign_fixed_pay", "sign_directed_work"}:
        derived.add("employment_signs")
    hours = facts.values.get("hours_per_day")
    if hours is not None and hours > 8:
        derived.add("long_hours")
    misled = flags & {"counterfeit", "false_claim", "misrepresented_material", "off_platform"}
    if ("off_platform" in flags and "seller_vanished" in flags) or ("many_victims" in flags and misled):
        derived.add("crime_signs")
    if "upfront_fee" in flags and "job_offer" in flags:
        derived.add("job_fee")
    if ("agency_fee" in flags or "job_fee" in derived) and "seller_vanished" in flags:
        derived.add("crime_signs")
    return derived


def employment_signs(facts: CaseFacts) -> list[str]:
    """Which signs of an employment relationship were mentioned (attendance, fixed pay, directed work)."""
    return [flag for flag in ("sign_attendance", "sign_fixed_pay", "sign_directed_work") if flag in facts.flags]
