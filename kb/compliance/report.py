"""What the merchant reads after asking for a check: each problem with its article, a clean rewrite, and what
was and was not checked. Never a bare "nothing found" when the product could not be classified."""

from __future__ import annotations

from kb.compliance.checker import Check, Flag, check_script
from kb.compliance.rewrite import reworded
from kb.compliance.rules import ClaimRule, not_checked, unknown_class_name
from kb.compliance.texts import text
from kb.render import message, numbered, with_cites


def product_name(check: Check, language: str) -> str:
    """The product class the check assumed, or the "unrecognised product" name."""
    return check.product.name(language) if check.product else unknown_class_name(language)


def _verdict(rule: ClaimRule, language: str) -> str:
    return text("verdict_banned" if rule.banned else "verdict_conditional", language)


def _rule_block(rule: ClaimRule, flags: list[Flag], check: Check, language: str) -> str:
    header = with_cites(
        f"{rule.text('title', language)}【{_verdict(rule, language)}】", rule.cites(_class(check)), language
    )
    advice = rule.text("advice", language)
    lines = [rule.text("explain", language)]
    for flag in flags:
        if flag.missing:
            lines.append(text("missing_line", language, statement=flag.found, advice=advice))
        else:
            lines.append(text("found_line", language, found=flag.found, advice=advice))
    return header + "\n" + "\n".join(f"  - {line}" for line in lines)


def _class(check: Check) -> str | None:
    return check.product.id if check.product else None


def _sample(check: Check, language: str) -> str:
    return check.product.sample(language) if check.product else text("sample_unknown", language)


def _findings(check: Check, language: str) -> list[str]:
    rules = list(dict.fromkeys(flag.rule for flag in check.flags))
    heading_key = "check_heading" if check.product else "check_heading_unknown"
    heading = text(heading_key, language, product=product_name(check, language), count=len(check.flags))
    blocks = [_rule_block(rule, [f for f in check.flags if f.rule is rule], check, language) for rule in rules]
    rewrite = reworded(check)
    if not rewrite.strip() or rewrite.strip() in {flag.found for flag in check.flags if flag.missing}:
        suggestion = text("rewrite_empty", language, sample=_sample(check, language))
    else:
        suggestion = text("rewrite", language, text=rewrite)
        if len(rewrite) < len(check.script) / 2:
            suggestion += "\n" + text("rewrite_sample", language, sample=_sample(check, language))
    return [heading + "\n" + numbered(blocks), suggestion]


def scope(check: Check, language: str) -> str:
    """Which rule families were applied for which product class, and what the checker cannot see."""
    separator = "、" if language == "zh" else "; "
    applied = separator.join(rule.text("label", language) for rule in check.rules)
    return "\n".join(
        [
            text("checked", language, product=product_name(check, language), rules=applied),
            not_checked(language),
            message("not_legal_advice", language),
        ]
    )


def pitch_report(script: str, language: str, category: str | None = None) -> list[str]:
    """Chat bubbles for a script the merchant asked to have checked."""
    check = check_script(script, category)
    if check.flags:
        bubbles = _findings(check, language)
    elif check.product:
        bubbles = [text("check_clean", language, product=product_name(check, language))]
    else:
        bubbles = [text("check_clean_unknown", language)]
    return [*bubbles, scope(check, language)]
