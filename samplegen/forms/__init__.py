"""Every sample form, in manifest order."""

from __future__ import annotations

from samplegen.forms.chongqing import CHONGQING
from samplegen.forms.hubei import HUBEI_COUNTY_2019, HUBEI_TRANSPORT_2021
from samplegen.forms.long import HUBEI_UNIVERSITY_2021, SICHUAN_FARMLAND_2023
from samplegen.forms.national import NATIONAL
from samplegen.forms.national_long import SHANXI_HOSPITAL_2021
from samplegen.forms.seed import SEEDS
from samplegen.forms.sichuan import SICHUAN_COUNTY_2023, SICHUAN_JUSTICE_2023, SICHUAN_PROCUREMENT_2023
from samplegen.forms.transfer import TRANSFER
from samplegen.forms.yunnan import YUNNAN
from samplegen.spec import FormSpec

ALL_FORMS: tuple[FormSpec, ...] = (
    *SEEDS,
    *NATIONAL,
    SHANXI_HOSPITAL_2021,
    SICHUAN_COUNTY_2023,
    SICHUAN_JUSTICE_2023,
    SICHUAN_PROCUREMENT_2023,
    SICHUAN_FARMLAND_2023,
    *TRANSFER,
    HUBEI_TRANSPORT_2021,
    HUBEI_COUNTY_2019,
    HUBEI_UNIVERSITY_2021,
    *CHONGQING,
    *YUNNAN,
)


def form_by_id(form_id: str) -> FormSpec:
    return next(f for f in ALL_FORMS if f.form_id == form_id)
