"""The layouts of form.md §5: columns found by label in any order, split targets, weights in labels."""

from __future__ import annotations

from extraction.mapping import map_pages
from models.record import Form
from models.values import CmpValue, Op

from .grids import make_page, make_table, text_block
from .variants import VariantForm, variant_rows

HEADER = (
    ("项目名称", "农村饮水安全巩固提升工程"),
    ("主管部门", "某县水利局"),
    ("实施单位", "某县农村供水站"),
)
NATIONAL_FUNDS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
NATIONAL_IND = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)


def map_form(form: VariantForm, title: str = "项目支出绩效自评表") -> Form:
    table = make_table(variant_rows(form))
    forms = map_pages([make_page(0, [table], [text_block(title, 100), text_block("（2023年度）", 160)])])
    assert len(forms) == 1
    return forms[0]


TRANSFER = VariantForm(
    header=HEADER,
    funds_title="项目资金（万元）",
    funds_columns=("全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"),
    funds=(
        ("年度资金总额", ("150万", "129.75", "10", "86.5%", "8.65")),
        ("其中：中央补助", ("150万", "129.75", "—", "—", "—")),
    ),
    ind_title="绩效指标",
    ind_columns=(
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "年度指标值",
        "全年实际值",
        "得分",
        "未完成原因及拟采取的改进措施",
    ),
    indicators=(
        ("产出指标(50分)", "数量指标", "新建管网长度", "30", "≥266米", "270米", "30", "无"),
        ("", "时效指标", "完工时间", "20", "2023年10月底前", "2023年9月", "20", "无"),
        ("效益指标(30分)", "社会效益指标", "受益人口", "30", "≥1200人", "1100人", "27.5", "部分村组尚未通水"),
        ("满意度指标(10分)", "服务对象满意度指标", "群众满意度", "10", "≥90%", "95%", "10", "无"),
    ),
    total=("总分", "100", "96.15"),
)


def test_transfer_puts_weight_before_target() -> None:
    got = map_form(TRANSFER, "绩效目标自评表")
    assert got.layout == "transfer" and got.kind == "self_assessment"
    first = got.indicators[0]
    assert first.weight and first.weight.text == "30"
    assert first.target and first.target.value == CmpValue(op=Op.GE, number=266, unit="米")
    assert first.actual and first.actual.text == "270米"
    assert first.deviation and first.deviation.text == "无"
    third = got.indicators[2]
    assert third.score and third.score.value == 27.5
    assert third.deviation and third.deviation.text == "部分村组尚未通水"
    # no 年初预算数 column; 其中：中央补助 is the fiscal row
    total, fiscal = got.funds.rows
    assert total.budget_initial is None and total.budget_full_year and total.budget_full_year.value == 150
    assert total.exec_rate and total.exec_rate.value == 0.865
    assert fiscal.row == "fiscal_current" and fiscal.label == "其中：中央补助"
    assert got.fields.total_score and got.fields.total_score.value == 96.15
    assert got.fields.total_weight and got.fields.total_weight.value == 100


def test_weights_in_level1_labels() -> None:
    got = map_form(TRANSFER)
    weights = {name: f.value for name, f in got.level1_weights.items()}
    assert weights == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert got.level1_weights["产出指标"].text == "50"
    assert got.level1_weights["产出指标"].cells == got.indicators[0].level1.cells  # type: ignore[union-attr]
    second = got.indicators[1]  # merged 一级 cell: same field, weight included in its text
    assert second.level1 and second.level1.text == "产出指标(50分)"


SICHUAN = VariantForm(
    header=(
        ("项目名称", "51000021R000000019951-工资性支出"),
        ("主管部门", "某县司法局"),
        ("实施单位", "某县司法局"),
        ("报表编号", "SC-2023-017"),
    ),
    header_rows=(1, 2, 1),
    funds_title="预算执行情况(10分)",
    funds_columns=("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"),
    funds=(
        ("总额", ("0.00", "3.36", "3.36", "100.00%", "10", "10", "无")),
        ("其中：财政资金", ("0.00", "3.36", "3.36", "100.00%", "—", "—", "")),
        ("财政专户管理资金", ("0.00", "0.00", "0.00", "", "—", "—", "")),
        ("单位资金", ("0.00", "0.00", "0.00", "", "—", "—", "")),
        ("其他资金", ("0.00", "0.00", "0.00", "", "—", "—", "")),
    ),
    goal_labels=("年初设定目标", "年度总体目标完成情况综述"),
    ind_title="绩效指标(90分)",
    ind_columns=(
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    ),
    indicators=(
        ("产出指标", "成本指标", "法律援助经费", "≤", "30", "万元", "3.36", "45", "45", ""),
        ("", "时效指标", "按时发放率", "=", "100", "%", "100", "22.5", "22.5", ""),
        ("满意度指标", "服务对象满意度指标", "受援人满意度", "≥", "90", "%", "95", "22.5", "22.5", ""),
    ),
    total=("合计", "100", "100"),
    tail=(("评价结论", "优"), ("存在问题", "无")),
)


def test_sichuan_split_columns() -> None:
    got = map_form(SICHUAN, "部门预算项目支出绩效自评表")
    assert got.layout == "sichuan"
    assert got.fields.form_title and got.fields.form_title.value == "部门预算项目支出绩效自评表"
    first = got.indicators[0]
    assert first.op and first.op.text == "≤" and first.op.value == "LE"
    assert first.unit and first.unit.text == "万元"
    assert first.target and first.target.text == "30"
    assert first.target.value == CmpValue(op=Op.LE, number=30, unit="万元")
    assert first.actual and first.actual.value == CmpValue(op=None, number=3.36, unit="万元")
    assert got.indicators[1].weight and got.indicators[1].weight.value == 22.5
    assert got.indicators[1].level1 and got.indicators[1].level1.text == "产出指标"


def test_sichuan_funds_goals_and_tail() -> None:
    got = map_form(SICHUAN, "部门预算项目支出绩效自评表")
    assert [r.row for r in got.funds.rows] == ["total", "fiscal_current", "other", "other", "other"]
    assert [r.label for r in got.funds.rows][2:] == ["财政专户管理资金", "单位资金", "其他资金"]
    total = got.funds.rows[0]
    assert total.exec_reason and total.exec_reason.text == "无"
    assert (
        total.exec_weight
        and total.exec_weight.value == 10
        and total.exec_rate
        and total.exec_rate.value == 1.0
    )
    assert got.funds.title and got.funds.title.value == 10 and got.funds.unit == "万元"
    assert got.level1_weights == {}  # 绩效指标(90分) is the block's weight, not a level-1 one
    assert got.fields.goal_expected and got.fields.goal_expected.text == "完成年度工作任务。"
    assert got.fields.goal_actual and got.fields.goal_actual.text == "已完成年度工作任务。"
    assert got.fields.total_score and got.fields.total_score.value == 100
    assert got.fields.grade and got.fields.grade.text == "优"
    assert got.fields.project_name and got.fields.project_name.text.startswith("51000021R")
    assert sorted((u.label, u.text) for u in got.unmapped) == sorted(
        [("报表编号", "SC-2023-017"), ("存在问题", "无")]
    )


CHONGQING = VariantForm(
    header=HEADER,
    funds_title="预算执行情况（万元）",
    funds_columns=("年初预算数", "全年预算数", "全年执行数", "执行率权重", "执行率", "执行率得分"),
    funds=(("年度资金总额", ("20", "20", "19.6", "10", "98%", "9.8")),),
    ind_title="绩效指标",
    ind_columns=(
        "一级指标",
        "二级指标",
        "三级指标",
        "年初指标值",
        "调整指标值",
        "全年完成值",
        "得分系数(%)",
        "指标权重",
        "指标得分",
        "是否核心指标",
    ),
    indicators=(
        ("产出指标", "数量指标", "培训人次", "≥500人次", "≥450人次", "480人次", "96", "50", "48", "是"),
    ),
    total=("合计", "60", "57.8"),
)


def test_chongqing_unknown_columns_go_to_extra() -> None:
    got = map_form(CHONGQING, "部门整体绩效自评表")
    assert got.layout == "chongqing"
    row = got.indicators[0]
    assert row.target and row.target.text == "≥500人次"
    assert row.actual and row.actual.text == "480人次"
    assert row.weight and row.weight.value == 50 and row.score and row.score.value == 48
    assert {k: v.text for k, v in row.extra.items()} == {
        "调整指标值": "≥450人次",
        "得分系数(%)": "96",
        "是否核心指标": "是",
    }
    total = got.funds.rows[0]
    assert total.exec_weight and total.exec_weight.value == 10
    assert total.exec_score and total.exec_score.value == 9.8


def national(**changes: object) -> VariantForm:
    base: dict[str, object] = {
        "header": HEADER,
        "funds_title": "项目资金（万元）",
        "funds_columns": NATIONAL_FUNDS,
        "funds": (("年度资金总额", ("80", "80", "80", "10", "100%", "10")),),
        "ind_title": "绩效指标",
        "ind_columns": NATIONAL_IND,
        "indicators": (("产出指标", "数量指标", "培训人数", "≥100人", "120人", "90", "90", "无"),),
    }
    base.update(changes)
    return VariantForm(**base)  # type: ignore[arg-type]


def test_hubei_yunnan_and_national() -> None:
    hubei = national(funds_columns=(*NATIONAL_FUNDS[:5], "得分(分*执行率)"), total=("自评总分", "100", "95"))
    got = map_form(hubei, "财政预算支出项目绩效目标自评表")
    assert got.layout == "hubei" and got.fields.total_score and got.fields.total_score.value == 95
    assert got.funds.rows[0].exec_score and got.funds.rows[0].exec_score.text == "10"
    yunnan = national(
        ind_columns=(
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ),
        indicators=(("产出指标", "数量指标", "培训人数", "＝", "100", "人", "120", "90", "90", "无"),),
    )
    got = map_form(yunnan)
    assert got.layout == "yunnan"
    assert got.indicators[0].target and got.indicators[0].target.value == CmpValue(
        op=Op.EQ, number=100, unit="人"
    )
    assert map_form(national()).layout == "national"


def test_target_declaration_kind() -> None:
    declaration = national(
        ind_columns=("一级指标", "二级指标", "三级指标", "指标值"),
        indicators=(("产出指标", "数量指标", "培训人数", "≥100人"),),
    )
    assert map_form(declaration, "项目支出绩效目标申报表").kind == "target_declaration"
    assert map_form(declaration, "绩效目标表").kind == "target_declaration"
    assert map_form(declaration, "某县项目支出绩效目标批复表").kind == "target_approval"
    assert map_form(declaration).kind == "target_declaration"  # no actual or score column either
