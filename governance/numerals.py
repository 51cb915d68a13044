"""How Chinese documents number a term and a session: 七届四次, 第十二届. Pure functions."""

DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 the way meeting numbers are written: 1 一, 10 十, 12 十二, 20 二十, 23 二十三."""
    if n < 0 or n > 99:
        return str(n)
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def session_label(term_number: int | None, session_number: int | None) -> str:
    """七届四次 for the 4th meeting of the 7th term; 七届 / 第四次 when one of them is missing."""
    if term_number and session_number:
        return f"{chinese_number(term_number)}届{chinese_number(session_number)}次"
    if term_number:
        return f"{chinese_number(term_number)}届"
    if session_number:
        return f"第{chinese_number(session_number)}次"
    return ""
