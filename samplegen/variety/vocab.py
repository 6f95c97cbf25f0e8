"""Word pools of the randomiser: label spellings (canonical and not), places, projects, indicators.

`CANON` lists the spellings models/canonical.json knows; `OUTSIDE` lists plausible spellings it does
not know, split into those the tune families may use and those reserved for the held-out families,
so that a mapper tuned on the former is measured on words it has never seen.
"""

from __future__ import annotations

from models.canonical import LabelGroup, canonical_schema


def _canon() -> dict[str, tuple[str, ...]]:
    """field → every spelling models/canonical.json knows (label first), so the forms print them all.
    Title spellings of other form kinds (申报表, 批复表) are left out: these forms are self-assessments."""
    schema = canonical_schema()
    groups: dict[LabelGroup, tuple[str, ...]] = {
        "header": ("project_name", "competent_dept", "impl_unit", "goal_expected", "goal_actual", "total_score",
                   "grade"),
        "funds_rows": ("total", "fiscal_current", "carryover", "other"),
        "funds_columns": ("budget_initial", "budget_full_year", "executed", "exec_weight", "exec_rate",
                          "exec_score"),
        "indicator_columns": ("level3", "target", "op", "unit", "actual", "weight", "score", "deviation"),
    }  # fmt: skip
    out: dict[str, tuple[str, ...]] = {}
    for group, ids in groups.items():
        for field_id in ids:
            out[field_id] = schema.spec(group, field_id).spellings  # the ids do not collide across groups
    out["funds_title"] = schema.spec("header", "funds_unit").spellings
    out["form_title"] = tuple(s for s in schema.spec("header", "form_title").spellings if "自评" in s)
    return out


CANON = _canon()

# field → (tune spellings, held-out spellings), none of them in canonical.json
OUTSIDE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "project_name": (("项目名称及编码", "资金项目名称"), ("专项资金名称", "项目（资金）名称")),
    "competent_dept": (("主管部门名称", "业务主管部门", "归口部门"), ("县级主管部门", "预算部门")),
    "impl_unit": (("项目执行单位", "实施单位名称"), ("预算单位", "项目单位")),
    "budget_initial": (("年初预算金额",), ("年初批复数",)),
    "budget_full_year": (("全年预算", "调整预算数"), ("预算金额", "全年预算数（A）")),
    "executed": (("全年支出数", "实际支出数"), ("执行金额", "全年执行数（B）")),
    "exec_weight": (("分值(分)", "执行率满分"), ("执行率分值",)),
    "exec_rate": (("资金执行率",), ("预算执行率(%)",)),
    "exec_score": (("得分(分)",), ("执行得分",)),
    "level3": (("三级指标名称", "考核内容", "指标项"), ("具体指标",)),
    "target": (("年度计划指标值", "计划值"), ("绩效目标值", "预期指标值")),
    "actual": (("实际完成", "完成情况"), ("实际值", "全年实际完成情况")),
    "weight": (("指标分值",), ("分值(分)", "权重(分)")),
    "score": (("得分情况",), ("指标得分(分)", "评分")),
    "deviation": (("偏差原因分析",), ("原因分析及改进措施", "偏差原因")),
    "total": (("资金总计",), ("年度资金总额（万元）",)),
    "fiscal_current": (("其中：财政补助资金", "其中：上级财政专项转移支付资金"), ("其中：中央、省、市补助县级资金",)),
    "other": (("县级配套资金",), ("自筹资金",)),
    "total_score": (("综合得分",), ("评价得分",)),
    "grade": (("绩效等级",), ("自评结果",)),
    "goal_expected": (("年度绩效目标", "年度预期目标"), ("预期总体目标",)),
    "goal_actual": (("目标完成情况", "总体目标完成情况", "实际达成目标"), ("实际完成目标",)),
    "funds_title": (("资金投入（万元）",), ("资金使用情况（万元）",)),
}  # fmt: skip

# transposed funds print short source labels across the top: 合计 · 上级补助资金 · 本级资金
TRANSPOSED_SOURCES = {"fiscal_current": "上级补助资金", "other": "本级资金"}

# the tune families' funds across print their own short source labels (never the ones above)
ACROSS_SOURCES = {"fiscal_current": ("上级补助", "其中：财政拨款", "财政拨款"), "carryover": ("上年结转",),
                  "other": ("本级", "其他资金")}  # fmt: skip
ACROSS_OUTSIDE = frozenset(
    s for key, options in ACROSS_SOURCES.items() for s in options if s not in CANON[key]
)

UNMAPPED_HEADER = ("负责人及电话", "联系人", "项目负责人", "报表编号", "项目属性")
UNMAPPED_VALUES = {
    "负责人及电话": "王建国 0951-2012345",
    "联系人": "李红",
    "项目负责人": "张伟",
    "报表编号": "5100002023000123",
    "项目属性": "延续项目",
}
EXTRA_COLUMNS = {
    "是否核心指标": ("是", "否", ""),
    "备注": ("", "无"),
    "指标解释": ("按年度统计", "抽样调查", ""),
}

PLACES = (
    "石嘴山市",
    "稷山县",
    "宜都市",
    "郧西县",
    "璧山区",
    "勐海县",
    "大英县",
    "灵武市",
    "平罗县",
    "安福县",
)
DEPTS = (
    "财政局",
    "教育局",
    "卫生健康局",
    "农业农村局",
    "水利局",
    "交通运输局",
    "民政局",
    "人力资源和社会保障局",
)
UNITS = ("中心", "管理所", "服务中心", "办公室")
PROJECTS = (
    "农村公路养护工程", "义务教育学生营养改善计划", "基本公共卫生服务", "高标准农田建设", "城乡居民医疗救助",
    "就业创业补助", "农村饮水安全巩固提升", "困难群众救助补助", "畜禽粪污资源化利用", "公共文化服务体系建设",
    "社会保险经办服务", "村级公益事业建设", "耕地地力保护补贴", "学前教育发展资金",
)  # fmt: skip
GOALS = (
    ("按计划完成项目建设任务，资金使用规范，服务对象满意度达到90%以上。",
     "完成年度建设任务，资金支出规范，服务对象满意度92%。"),
    ("保障项目正常运行，提高公共服务水平，群众满意度明显提升。",
     "项目运行正常，公共服务水平有所提高；部分工作进度滞后。"),
    ("完成年度目标任务，项目验收合格率100%，及时拨付补助资金。",
     "年度任务基本完成，验收合格率100%，资金及时拨付到位。"),
)  # fmt: skip

# (level1, level2, name, kind, unit, base): kind q = quantity ≥, r = rate %, le = cost ≤, t = time, v = quality
INDICATOR_POOL: tuple[tuple[str, str, str, str, str, float], ...] = (
    ("产出指标", "数量指标", "完成建设任务数量", "q", "个", 12),
    ("产出指标", "数量指标", "受益人数", "q", "人", 1500),
    ("产出指标", "数量指标", "培训人次", "q", "人次", 300),
    ("产出指标", "数量指标", "覆盖村数", "q", "个", 40),
    ("产出指标", "数量指标", "改造道路里程", "q", "公里", 35),
    ("产出指标", "质量指标", "项目验收合格率", "r", "%", 100),
    ("产出指标", "质量指标", "资金拨付准确率", "r", "%", 98),
    ("产出指标", "质量指标", "工程质量达标率", "r", "%", 95),
    ("产出指标", "时效指标", "资金拨付及时率", "r", "%", 100),
    ("产出指标", "时效指标", "项目完成时间", "t", "", 0),
    ("产出指标", "成本指标", "项目总成本", "le", "万元", 300),
    ("产出指标", "成本指标", "人均补助标准", "le", "元", 800),
    ("效益指标", "社会效益指标", "群众生活条件", "v", "", 0),
    ("效益指标", "社会效益指标", "公共服务水平", "v", "", 0),
    ("效益指标", "经济效益指标", "带动农民增收", "q", "万元", 50),
    ("效益指标", "生态效益指标", "生态环境改善", "v", "", 0),
    ("效益指标", "可持续影响指标", "长效管理机制", "v", "", 0),
    ("效益指标", "可持续影响指标", "项目持续发挥作用年限", "q", "年", 5),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "r", "%", 90),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "r", "%", 85),
)  # fmt: skip
QUAL = (("明显改善", "明显改善"), ("有所提高", "有所提高"), ("健全", "基本健全"), ("逐步完善", "完善"))

GE_GLYPHS_TUNE = ("≥", ">=", "≧")
GE_GLYPHS_HELD = ("＞＝", "≥")
LE_GLYPHS_TUNE = ("≤", "<=")
LE_GLYPHS_HELD = ("≦", "≤")
EQ_GLYPHS = ("=", "＝", "﹦")
EMPTIES = ("/", "—", "")

SCORING_SHEET = (("项目决策", "20"), ("项目管理", "20"), ("产出", "40"), ("效益", "20"))
