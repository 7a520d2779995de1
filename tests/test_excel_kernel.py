"""What Excel does to typed values, and what the reader makes of it."""

from datetime import date, datetime

import pytest

from gonghui.excel.reader import Column, normalise
from gonghui.org.idcard import IdNumberError, make_id_number, parse_id_number

TEXT = Column("姓名", "name")
CODE = Column("身份证号", "id", kind="code")
DATE = Column("入职日期", "d", kind="date")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2018/07/15", date(2018, 7, 15)),
        ("2018-7-15", date(2018, 7, 15)),
        ("2018.7.15", date(2018, 7, 15)),
        ("2018年7月15日", date(2018, 7, 15)),
        ("20180715", date(2018, 7, 15)),
        (datetime(2018, 7, 15, 0, 0), date(2018, 7, 15)),
        (43296, date(2018, 7, 15)),  # a serial date in a cell not formatted as a date
        ("", None),
    ],
)
def test_dates_in_every_shape_people_type(raw, expected):
    assert normalise(raw, DATE) == expected


def test_a_bad_date_says_how_to_write_it():
    with pytest.raises(ValueError, match="请写成 2024-03-01"):
        normalise("2018-13-45", DATE)


def test_phones_typed_as_numbers_come_back_as_text():
    assert normalise(13812345678, CODE) == "13812345678"
    assert normalise(13812345678.0, CODE) == "13812345678"


def test_an_id_number_excel_turned_into_a_float_is_refused():
    with pytest.raises(ValueError, match="文本"):
        normalise(1.1010119900307e17, CODE)


def test_full_width_digits_and_spaces_are_normalised():
    assert normalise(" １３８１２３４５６７８ ", CODE) == "13812345678"
    assert normalise("张  三", TEXT) == "张 三"


def test_id_numbers():
    number = make_id_number("110101", date(1990, 3, 7), 12, "F")
    assert parse_id_number(number.lower()) == (number, date(1990, 3, 7), "F")
    with pytest.raises(IdNumberError, match="校验码"):
        parse_id_number(number[:-1] + ("1" if number[-1] != "1" else "2"))
    with pytest.raises(IdNumberError, match="18位"):
        parse_id_number("11010119900307")
    with pytest.raises(IdNumberError, match="不是有效日期"):
        parse_id_number("110101" + "19900231" + "0012")
