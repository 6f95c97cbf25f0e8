"""The three real forms of shared/forms/seed_shizuishan_2022.txt as data, and their tables.

`seed_rows` lays a form out as a ruled table would be read: block titles merged down the first
column, 一级/二级 cells merged over their rows, and (form 1) the shifted indicator cells of the
published text: an empty cell between 三级指标 and 年度指标值.
"""

from __future__ import annotations

from dataclasses import dataclass

from .grids import LEFT, UP

DEPT = "石嘴山市人力资源和社会保障局"
UNIT = "石嘴山市社会保险事业管理中心"
FUNDS_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
IND_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
NONE6 = ("无", "无", "无", "无", "无", "无")


@dataclass(frozen=True)
class SeedForm:
    project: str
    funds: tuple[tuple[str, tuple[str, ...]], ...]  # label, 6 cells
    goal_expected: str
    goal_actual: str
    indicators: tuple[tuple[str, str, tuple[str, ...]], ...]  # level1, level2, 6 cells (三级 … 偏差)
    shifted: bool = False


def _ind(level1: str, level2: str, *cells: str) -> tuple[str, str, tuple[str, ...]]:
    return level1, level2, tuple(cells)


_EMPTY_FUNDS = ("", "", "", "—", "", "—")
FORM1 = SeedForm(
    project="社保经办机构业务经费",
    funds=(
        ("年度资金总额:", ("80万元", "80万元", "80万元", "10", "100%", "100")),
        ("其中:当年财政拨款", ("80万元", "80万元", "80万元", "—", "", "—")),
        ("上年结转资金", _EMPTY_FUNDS),
        ("其他资金", _EMPTY_FUNDS),
    ),
    goal_expected="依据单位主要责任,确保石嘴山市各项保险工作正常平稳运行。",
    goal_actual="完成石嘴山市各项保险工作。",
    indicators=(
        _ind("产出指标", "数量指标", "全市参保人员及退休职工。", "98%", "98%", "20", "20", "无"),
        _ind("产出指标", "质量指标", "确保各项保险工作在年底顺利完成。", "99%", "99%", "20", "20", "无"),
        _ind(
            "产出指标",
            "时效指标",
            "在年度内切实维护好参保群众的利益,做好单位每项工作,石嘴山市各项保险工作正常平稳运行。",
            "99%",
            "99%",
            "10",
            "10",
            "无",
        ),
        _ind("产出指标", "成本指标", *NONE6),
        _ind(
            "效益指标",
            "经济效益指标",
            "为保障全市广大参保人员的社会保险待遇,维护社会的稳定。",
            "98%",
            "98%",
            "20",
            "20",
            "无",
        ),
        _ind(
            "效益指标",
            "社会效益指标",
            "切实维护好群众的利益,确保石嘴山市各项保险工作正常平稳运行。",
            "99%",
            "99%",
            "10",
            "10",
            "无",
        ),
        _ind("效益指标", "生态效益指标", *NONE6),
        _ind("效益指标", "可持续影响指标", "持续做好全市各项保险工作。", "98%", "98%", "10", "10", "无"),
        _ind(
            "满意度指标",
            "服务对象满意度指标",
            "为全市参保人员及退休职工做好各项工作,切实维护好群众的利益,管好用好百姓的养命钱,让百姓放心安心。",
            "98%",
            "98%",
            "10",
            "10",
            "无",
        ),
    ),
    shifted=True,
)
FORM2 = SeedForm(
    project="行政事业性收费安排社会保障卡收费项目",
    funds=(
        ("年度资金总额:", ("33万元", "88.73万元", "88.73万元", "10", "100%", "100")),
        ("其中:当年财政拨款", ("33万元", "88.73万元", "88.73万元", "—", "", "—")),
        ("上年结转资金", _EMPTY_FUNDS),
        ("其他资金", _EMPTY_FUNDS),
    ),
    goal_expected="为保障全市社会保障卡申领、制作、发放工作的正常运行。",
    goal_actual="完成全市社会保障卡申领、制作、发放工作的。",
    indicators=(
        _ind("产出指标", "数量指标", "第三代社保卡更换预制制卡卡费。", "98%", "98%", "20", "20", "无"),
        _ind("产出指标", "质量指标", "满足居民的换卡需求。", "99%", "99%", "20", "20", "无"),
        _ind("产出指标", "时效指标", "在年度内社保卡维护及制卡换卡。", "99%", "99%", "10", "10", "无"),
        _ind(
            "产出指标",
            "成本指标",
            "制作社保卡设备维护费用、第三代社保卡更换预制制卡卡费。",
            "100%",
            "100%",
            "20",
            "20",
            "无",
        ),
        _ind("效益指标", "经济效益指标", *NONE6),
        _ind("效益指标", "社会效益指标", "居民对社保卡制卡速度及服务满意。", "99%", "99%", "10", "10", "无"),
        _ind("效益指标", "生态效益指标", *NONE6),
        _ind("效益指标", "可持续影响指标", "居民对社保制卡速度及服务满意。", "98%", "98%", "10", "10", "无"),
        _ind(
            "满意度指标",
            "服务对象满意度指标",
            "使全市居民对社保卡使用及服务满意。",
            "98%",
            "98%",
            "10",
            "10",
            "无",
        ),
    ),
)
FORM3 = SeedForm(
    project="国有企业退休人员社会化管理补助资金",
    funds=(
        ("年度资金总额:", ("0万元", "100万元", "54.65万元", "10", "55%", "100")),
        ("其中:当年财政拨款", ("0万元", "100万元", "54.65万元", "—", "—", "—")),
        ("上年结转资金", ("50万元", "100万元", "54.65万元", "—", "—", "—")),
        ("其他资金", ("", "", "", "—", "—", "—")),
    ),
    goal_expected="1、认真做好国有企业退休人员社会化管理工作,针对国有企业退休人员开展形式多样、内容丰富、主题鲜明的"
    "国有企业退休人员社会化管理活动。2、接受国有企业退休人员社会化管理服务费用。",
    goal_actual="完成对国有企业退休人员开展的各项活动。",
    indicators=(
        _ind("产出指标", "数量指标", "国有企业退休人员档案服务。", "98%", "98%", "20", "20", "无"),
        _ind("产出指标", "质量指标", "国有企业退休人员档案服务。", "100%", "100%", "20", "20", "无"),
        _ind("产出指标", "时效指标", "档案服务及街道社区服务时间。", "100%", "100%", "10", "10", "无"),
        _ind(
            "产出指标",
            "成本指标",
            "依据财务支出制度以及单位财务管理制度,严格控制国企退休人员社会化管理工作成本,"
            "科学合理使用项目资金,确保国企退休人员社会化管理工作有序开展。",
            "98%",
            "98%",
            "10",
            "10",
            "无",
        ),
        _ind(
            "效益指标",
            "经济效益指标",
            "降低国有企业的管理成本,提高国有企业经营效率。",
            "100%",
            "100%",
            "10",
            "10",
            "无",
        ),
        _ind(
            "效益指标",
            "社会效益指标",
            "减轻国有企业负担,让国有企业退休人员享受到良好的公共服务。",
            "98%",
            "98%",
            "10",
            "10",
            "无",
        ),
        _ind("效益指标", "生态效益指标", *NONE6),
        _ind(
            "效益指标",
            "可持续影响指标",
            "加强社区建设,提高承载能力,服务好退休人员,建成和谐社区、和谐社会和持续影响。",
            "100%",
            "100%",
            "10",
            "10",
            "无",
        ),
        _ind(
            "满意度指标",
            "服务对象满意度指标",
            "国有企业退休人员对档案管理和街道社区服务满意度。",
            "95%",
            "95%",
            "10",
            "10",
            "无",
        ),
    ),
)
SEED_FORMS = (FORM1, FORM2, FORM3)
TITLE = "石嘴山市项目支出绩效自评表"
YEAR_LINE = "( 2022 年度 )"


def _fill(cells: list[str], n: int) -> list[str]:
    """Pad a row with merges of its last cell up to n columns."""
    return cells + [LEFT] * (n - len(cells))


def seed_rows(
    form: SeedForm, *, labels: dict[str, str] | None = None, merged_levels: bool = True
) -> list[list[str]]:
    """The grid of one seed form. `labels` replaces printed labels (OCR damage tests)."""
    lab = labels or {}
    s = 1 if form.shifted else 0
    n = 9 + s
    rows = [
        _fill([lab.get("项目名称", "项目名称"), LEFT, form.project], n),
        _fill(
            [
                lab.get("主管部门", "主管部门"),
                LEFT,
                DEPT,
                *[LEFT] * s,
                lab.get("实施单位", "实施单位"),
                LEFT,
                UNIT,
            ],
            n,
        ),
        _fill(["项目资金 (万元)", "", *FUNDS_COLUMNS], n),
    ]
    for label, cells in form.funds:
        rows.append(_fill([UP, lab.get(label, label), *cells], n))
    rows.append(_fill(["年度总体目标", "预期目标", LEFT, LEFT, *[LEFT] * s, "实际完成情况"], n))
    rows.append(_fill([UP, form.goal_expected, LEFT, LEFT, *[LEFT] * s, form.goal_actual], n))
    ind_header = ["绩效指标", *IND_COLUMNS[:3], *[LEFT] * s, *IND_COLUMNS[3:]]
    rows.append(_fill(ind_header, n))
    previous = ("", "")
    for level1, level2, cells in form.indicators:
        l1 = (UP if merged_levels else "") if level1 == previous[0] else level1
        l2 = (UP if merged_levels else "") if (level1, level2) == previous else level2
        rows.append([UP, l1, l2, cells[0], *[""] * s, *cells[1:]])
        previous = (level1, level2)
    rows.append(["总 分", *[LEFT] * (5 + s), "100", "100", ""])
    return rows
