"""The sample city's units as data: Urumqi's municipal departments, districts and townships.

The municipal departments are those named in 乌鲁木齐市2016年政务公开工作要点实施方案 (and a
few more of the same government). Each carries its functional 项 codes (2016 catalogue) with
weights: ``basic`` lines share the basic expenditure (salaries of the bureau and its units),
``project`` lines share the project expenditure; ``gov_fund`` / ``state_capital`` lines are
amounts in 万元 for the 2016 budget. ``size`` is the 2016 budget in 万元 and ``staff`` the
number of people paid (it sets the basic expenditure). Districts and townships list the 民生
projects (keys of ``MINSHENG``) they disclose.

``published_as="pdf"`` marks the few units that publish the PDF LibreOffice prints of their
workbook (``pdf.py``): a municipal bureau with a SUM003 defect, one with VAL002, and a
township with its 民生 table: units whose PDFs the reader reads exactly as their workbooks
(it does not yet for the official 决算 template, for headers repeated on continuation pages or
for a long 编制部门 line the printed column cuts), none with a defect a PDF cannot show (the
dates of TIM001 are in the 基本信息 sheet, which the PDF reader does not read).
"""

from __future__ import annotations

from dataclasses import dataclass

Lines = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Department:
    """One budget unit of the sample city."""

    slug: str  # ASCII file name stem
    short: str  # 市教育局
    name: str  # 乌鲁木齐市教育局
    level: str  # 市级 | 区县级 | 乡镇级
    size: int  # 2016 budget, 万元
    staff: int  # people paid (sets basic expenditure)
    basic: Lines  # (项 code, weight) carrying basic expenditure
    project: Lines  # (项 code, weight) carrying project expenditure
    duties: tuple[str, ...]
    offices: tuple[str, ...]  # 内设机构
    units: tuple[str, ...] = ()  # 所属单位
    gov_fund: Lines = ()  # (项 code, 万元 in 2016)
    state_capital: Lines = ()  # (项 code, 万元 in 2016)
    business: int = 0  # 事业收入, per mille of the total
    other: int = 0  # 其他收入, per mille of the total
    minsheng: tuple[str, ...] = ()  # keys of MINSHENG
    admin: bool = True  # administrative organ (机关运行经费 applies)
    classified: tuple[str, ...] = ()  # table ids withheld as 涉密 (declared in 基本信息)
    published_as: str = "workbook"  # 'pdf': publishes the PDF its spreadsheet program prints

    @property
    def functions(self) -> tuple[str, ...]:
        """The department's own functional 类 codes, main first."""
        seen: dict[str, None] = {}
        for code, _ in (*self.basic, *self.project, *self.gov_fund, *self.state_capital):
            seen.setdefault(code[:3], None)
        return tuple(seen)


def _municipal(slug, short, name, size, staff, basic, project, duties, offices, units=(), **kw):
    return Department(
        slug, short, name, "市级", size, staff, basic, project, duties, offices, units, **kw
    )


# fmt: off
MUNICIPAL: tuple[Department, ...] = (
    _municipal("housing", "市房产局", "乌鲁木齐市房产管理局", 62000, 260,
               (("2120101", 6),),
               (("2120109", 3), ("2210103", 10), ("2210106", 6), ("2210107", 3)),
               ("负责全市房地产市场监督管理", "负责城镇保障性住房建设和管理", "负责棚户区改造和房屋征收工作"),
               ("市场监管处", "住房保障处", "物业管理处"), ("市住房保障服务中心", "市房屋安全鉴定站"),
               gov_fund=(("2120810", 15000),)),
    _municipal("quality", "市质监局", "乌鲁木齐市质量技术监督局", 6500, 210,
               (("2011701", 5), ("2011750", 4)),
               (("2011702", 2), ("2011706", 3), ("2011707", 3), ("2011709", 1)),
               ("负责全市产品质量监督管理", "负责计量、标准化和认证认可工作", "负责特种设备安全监察"),
               ("质量监督处", "计量处", "标准化处", "特种设备安全监察处"), ("市产品质量检验所", "市计量检定测试所")),
    _municipal("tourism", "市旅游局", "乌鲁木齐市旅游局", 3200, 55,
               (("2160501", 5),),
               (("2160502", 2), ("2160504", 5), ("2160505", 2)),
               ("负责全市旅游业发展规划和行业管理", "负责旅游宣传促销", "负责旅游市场秩序监管"),
               ("规划发展处", "市场开发处", "质量监督管理处"), published_as="pdf"),
    _municipal("science", "市科技局", "乌鲁木齐市科学技术局", 9000, 80,
               (("2060101", 5),),
               (("2060102", 1), ("2060404", 5), ("2060302", 2), ("2060702", 1)),
               ("拟订全市科技发展规划和政策", "组织实施科技计划项目", "推动科技成果转化和科学普及"),
               ("计划处", "高新技术处", "农村科技处"), ("市科技情报研究所",)),
    _municipal("safety", "市安监局", "乌鲁木齐市安全生产监督管理局", 2600, 75,
               (("2150601", 5),),
               (("2150602", 1), ("2150605", 3), ("2150606", 2)),
               ("综合监督管理全市安全生产工作", "组织安全生产检查和执法", "指导生产安全事故应急救援"),
               ("监督管理处", "执法监察支队", "应急救援指挥中心")),
    _municipal("industry_commerce", "市工商局", "乌鲁木齐市工商行政管理局", 11000, 420,
               (("2011501", 6), ("2011550", 1)),
               (("2011502", 1), ("2011504", 2), ("2011505", 1)),
               ("负责市场主体登记注册和监督管理", "负责流通领域商品质量监管", "负责消费者权益保护"),
               ("注册登记处", "市场规范管理处", "消费者权益保护处"), ("市个体劳动者协会",)),
    _municipal("gov_services", "市政务服务管理局", "乌鲁木齐市政务服务管理局", 1600, 45,
               (("2010301", 5),),
               (("2010302", 3), ("2010399", 1)),
               ("负责市政务服务中心的管理", "推进行政审批制度改革", "负责政务公开和政府信息公开工作"),
               ("综合处", "审批管理处", "政务公开处")),
    _municipal("transport", "市交通局", "乌鲁木齐市交通运输局", 45000, 380,
               (("2140101", 5),),
               (("2140102", 1), ("2140106", 6), ("2140112", 2), ("2149901", 8)),
               ("负责全市道路运输和城市公共交通行业管理", "负责农村公路建设和养护", "负责交通运输安全监管"),
               ("运输管理处", "公路管理处", "城市客运管理处"), ("市道路运输管理局", "市公路管理局")),
    _municipal("police", "市公安局", "乌鲁木齐市公安局", 320000, 9500,
               (("2040201", 8), ("2040250", 1)),
               (("2040202", 2), ("2040204", 4), ("2040206", 3), ("2040212", 2), ("2040214", 6),
                ("2040219", 3)),
               ("负责全市社会治安管理", "预防、制止和侦查违法犯罪活动", "负责道路交通安全和出入境管理"),
               ("指挥中心", "治安支队", "刑事侦查支队", "交通管理局"), ("各区（县）公安分局",),
               classified=("three_public",)),
    _municipal("development", "市发改委", "乌鲁木齐市发展和改革委员会", 5500, 130,
               (("2010401", 5), ("2010450", 2)),
               (("2010402", 1), ("2010404", 2), ("2010408", 1)),
               ("拟订并组织实施全市国民经济和社会发展规划", "负责固定资产投资综合管理", "负责价格管理和监督检查"),
               ("综合处", "发展规划处", "固定资产投资处", "价格管理处"), ("市价格监督检查局", "市经济研究中心")),
    _municipal("finance", "市财政局", "乌鲁木齐市财政局", 9000, 260,
               (("2010601", 5), ("2010650", 2)),
               (("2010602", 1), ("2010607", 3), ("2010608", 2)),
               ("拟订全市财政发展规划和政策", "编制市级预决算草案并组织执行", "负责政府非税收入和国有资产管理"),
               ("预算处", "国库处", "综合处", "政府采购管理处"), ("市财政国库支付中心", "市非税收入管理局")),
    _municipal("sasac", "市国资委", "乌鲁木齐市人民政府国有资产监督管理委员会", 2800, 50,
               (("2150701", 5),),
               (("2150702", 1), ("2150799", 2)),
               ("根据市政府授权履行出资人职责", "负责监管企业国有资产保值增值", "推进国有企业改革和重组"),
               ("产权管理处", "企业改革处", "业绩考核处"),
               state_capital=(("2239999", 4200),)),
    _municipal("civil_affairs", "市民政局", "乌鲁木齐市民政局", 52000, 320,
               (("2080201", 5), ("2081005", 3)),
               (("2080202", 1), ("2080208", 4), ("2081002", 3), ("2081004", 1), ("2081901", 12),
                ("2082001", 2), ("2080801", 1)),
               ("负责城乡社会救助和最低生活保障工作", "负责社会福利和养老服务", "负责基层政权和社区建设"),
               ("社会救助处", "社会福利处", "基层政权和社区建设处"), ("市社会福利院", "市殡葬管理所")),
    _municipal("human_resources", "市人社局", "乌鲁木齐市人力资源和社会保障局", 28000, 420,
               (("2080101", 5), ("2080109", 3), ("2080150", 1)),
               (("2080102", 1), ("2080106", 2), ("2080702", 3), ("2080705", 6), ("2080704", 3)),
               ("拟订全市人力资源和社会保障政策", "负责促进就业和职业培训", "统筹建立覆盖城乡的社会保障体系"),
               ("就业促进处", "养老保险处", "劳动关系处"), ("市社会保险管理局", "市就业服务局")),
    _municipal("construction", "市建委", "乌鲁木齐市城乡建设委员会", 150000, 300,
               (("2120101", 5),),
               (("2120102", 1), ("2120106", 3), ("2120399", 20)),
               ("负责全市城乡建设和建筑业管理", "负责市政基础设施建设", "负责建设工程质量和安全监督"),
               ("建筑业管理处", "城市建设处", "质量安全处"), ("市建设工程质量监督站",),
               gov_fund=(("2120803", 40000), ("2120804", 30000))),
    _municipal("environment", "市环保局", "乌鲁木齐市环境保护局", 12000, 260,
               (("2110101", 5),),
               (("2110102", 1), ("2110104", 1), ("2110299", 2), ("2110301", 8), ("2110302", 2)),
               ("负责全市环境保护统一监督管理", "负责大气、水污染防治", "负责环境监测和信息发布"),
               ("污染防治处", "环境影响评价处", "总量控制处"), ("市环境监测中心站", "市环境监察支队")),
    _municipal("water", "市水务局", "乌鲁木齐市水务局", 38000, 520,
               (("2130301", 5), ("2130306", 2)),
               (("2130302", 1), ("2130305", 8), ("2130311", 2), ("2130314", 2)),
               ("负责全市水资源统一管理和保护", "负责水利工程建设与运行管理", "负责防汛抗旱工作"),
               ("水资源管理处", "建设管理处", "防汛抗旱办公室"), ("市水利工程管理处", "市节约用水办公室"),
               gov_fund=(("2082201", 800),), published_as="pdf"),
    _municipal("health", "市卫计委", "乌鲁木齐市卫生和计划生育委员会", 95000, 2600,
               (("2100101", 3), ("2100201", 10), ("2100202", 3), ("2100401", 2)),
               (("2100102", 1), ("2100201", 5), ("2100408", 5), ("2100409", 2), ("2100717", 2)),
               ("负责全市医疗卫生和计划生育工作", "负责疾病预防控制和卫生应急", "推进医药卫生体制改革"),
               ("医政医管处", "疾病预防控制处", "计划生育基层指导处"),
               ("市第一人民医院", "市中医医院", "市疾病预防控制中心"), business=120),
    _municipal("education", "市教育局", "乌鲁木齐市教育局", 260000, 14000,
               (("2050101", 1), ("2050201", 2), ("2050202", 10), ("2050203", 8), ("2050204", 6),
                ("2050302", 2), ("2050701", 1)),
               (("2050102", 1), ("2050202", 5), ("2050203", 5), ("2050204", 4), ("2050801", 1)),
               ("负责全市各级各类教育的统筹规划和协调管理", "负责义务教育均衡发展", "负责教师队伍建设"),
               ("基础教育处", "职业教育处", "教师工作处", "学生资助管理中心"),
               ("市属中小学校", "市属中等职业学校", "市教育研究中心"), business=60, other=5),
    _municipal("food_drug", "市食品药品监管局", "乌鲁木齐市食品药品监督管理局", 6000, 190,
               (("2101001", 5), ("2101050", 2)),
               (("2101002", 1), ("2101004", 1), ("2101007", 3)),
               ("负责全市食品安全监督管理", "负责药品、医疗器械和化妆品监督管理", "负责食品药品安全事故应急处置"),
               ("食品生产监管处", "药品化妆品监管处", "稽查处"), ("市食品药品检验所",)),
    _municipal("audit", "市审计局", "乌鲁木齐市审计局", 1800, 70,
               (("2010801", 6),),
               (("2010802", 1), ("2010804", 3)),
               ("负责全市审计监督工作", "对市级预算执行情况进行审计监督", "组织领导干部经济责任审计"),
               ("财政审计处", "经济责任审计处", "固定资产投资审计处")),
    _municipal("statistics", "市统计局", "乌鲁木齐市统计局", 2000, 65,
               (("2010501", 5),),
               (("2010502", 1), ("2010505", 2), ("2010507", 2)),
               ("负责全市统计调查和统计分析", "组织实施重大国情国力普查", "发布全市统计数据"),
               ("综合处", "国民经济核算处", "普查中心")),
    _municipal("sports", "市体育局", "乌鲁木齐市体育局", 9000, 240,
               (("2070301", 4), ("2070307", 3)),
               (("2070302", 1), ("2070305", 2), ("2070306", 2), ("2070308", 3)),
               ("负责全市体育事业发展规划", "推行全民健身计划", "负责竞技体育训练和竞赛"),
               ("群众体育处", "竞技体育处", "体育产业处"), ("市体育运动学校", "市体育中心")),
    _municipal("agriculture", "市农牧局", "乌鲁木齐市农牧业局", 24000, 330,
               (("2130101", 4), ("2130104", 3)),
               (("2130102", 1), ("2130106", 2), ("2130108", 2), ("2130119", 1), ("2130199", 4)),
               ("负责全市农牧业发展规划和产业政策", "负责农产品质量安全监管", "负责动植物疫病防控"),
               ("种植业处", "畜牧业处", "农产品质量安全监管处"), ("市农业技术推广中心", "市动物疾病控制中心")),
    _municipal("urban_management", "市城管局", "乌鲁木齐市城市管理行政执法局", 98000, 1200,
               (("2120101", 3), ("2120104", 6)),
               (("2120102", 1), ("2120104", 3), ("2120501", 15)),
               ("负责城市管理综合行政执法", "负责市容环境卫生管理", "负责城市生活垃圾清运和处置"),
               ("执法督察处", "市容管理处", "环境卫生管理处"), ("市环境卫生管理处",)),
    _municipal("planning", "市规划局", "乌鲁木齐市城乡规划管理局", 5000, 110,
               (("2120101", 5),),
               (("2120102", 1), ("2120201", 6)),
               ("负责全市城乡规划编制和管理", "负责建设项目规划许可", "负责城市设计和历史文化名城保护"),
               ("规划编制处", "建设用地规划管理处", "建设工程规划管理处"), ("市城市规划设计研究院",)),
    _municipal("land", "市国土局", "乌鲁木齐市国土资源局", 8000, 230,
               (("2200101", 5), ("2200150", 2)),
               (("2200102", 1), ("2200199", 4)),
               ("负责全市土地资源管理和利用", "负责土地储备和土地市场管理", "负责地质环境保护和地质灾害防治"),
               ("规划处", "耕地保护处", "土地利用处"), ("市土地储备中心", "市国土资源信息中心"),
               gov_fund=(("2120801", 80000), ("2120802", 30000))),
    _municipal("commerce", "市商务局", "乌鲁木齐市商务局", 4000, 90,
               (("2011301", 5),),
               (("2011302", 1), ("2011308", 3), ("2160299", 2)),
               ("负责全市国内外贸易和国际经济合作", "负责招商引资工作", "负责市场运行调节和商贸流通"),
               ("对外贸易处", "市场体系建设处", "投资促进处")),
    _municipal("justice", "市司法局", "乌鲁木齐市司法局", 6000, 180,
               (("2040601", 5), ("2040650", 1)),
               (("2040602", 1), ("2040604", 2), ("2040605", 1), ("2040607", 2)),
               ("负责全市法治宣传教育和普法工作", "指导人民调解和基层司法行政工作", "负责法律援助和社区矫正"),
               ("法制宣传处", "基层工作处", "律师公证管理处"), ("市法律援助中心",)),
    _municipal("ethnic_religious", "市民宗委", "乌鲁木齐市民族宗教事务委员会", 3000, 70,
               (("2012301", 5),),
               (("2012302", 1), ("2012304", 3), ("2012404", 2)),
               ("贯彻落实党的民族宗教政策", "促进民族团结进步事业", "依法管理宗教事务"),
               ("民族团结进步处", "宗教事务处", "政策法规处")),
)

#: 民生 projects: key -> (功能分类 项 code, 项目名称, 补助标准, 发放程序, 资金分配结果 template)
MINSHENG: dict[str, tuple[str, str, str, str, str]] = {
    "preschool": ("2050201", "学前教育幼儿资助",
                  "在园幼儿每生每年保教费补助1000元",
                  "幼儿园申报、教育部门审核、财政部门拨付至幼儿园",
                  "资助在园幼儿{n}名"),
    "textbooks": ("2050202", "义务教育阶段免费教科书及寄宿生生活补助",
                  "小学生每生每年1000元，初中生每生每年1250元",
                  "学生申请、学校审核公示、教育部门审批，通过惠民惠农“一卡通”发放",
                  "资助学生{n}名"),
    "urban_dibao": ("2081901", "城市居民最低生活保障金",
                    "按保障标准与家庭人均收入的差额发放，保障标准每人每月{s}元",
                    "户主申请、社区调查、街道审核、民政部门审批并公示，社会化发放",
                    "保障城市低保对象{n}户"),
    "rural_dibao": ("2081902", "农村居民最低生活保障金",
                    "按保障标准与家庭人均收入的差额发放，保障标准每人每年{s}元",
                    "户主申请、村委会评议、乡镇审核、民政部门审批并公示，社会化发放",
                    "保障农村低保对象{n}户"),
    "temporary_relief": ("2082001", "临时救助",
                         "一般每户每次不超过当地低保标准的6倍",
                         "本人申请、社区（村）核实、乡镇（街道）审核、民政部门审批",
                         "救助困难群众{n}人次"),
    "elderly": ("2081002", "高龄老人生活补贴",
                "80至89周岁每人每月100元，90周岁以上每人每月200元",
                "本人申请、社区（村）初审、民政部门审核，按季度发放至本人账户",
                "发放高龄补贴{n}人"),
    "public_jobs": ("2080705", "公益性岗位补贴",
                    "按当地最低工资标准给予岗位补贴和社会保险补贴",
                    "用人单位申报、人社部门审核、财政部门拨付",
                    "安置就业困难人员{n}名"),
    "public_health": ("2100408", "基本公共卫生服务",
                      "按常住人口每人每年{s}元",
                      "卫生部门按服务数量和质量考核结果拨付至基层医疗卫生机构",
                      "覆盖常住人口{n}人"),
    "medical_aid": ("2101301", "城乡医疗救助",
                    "政策范围内自付费用按70%比例救助，年度最高3万元",
                    "本人申请、乡镇（街道）审核、民政部门审批，“一站式”即时结算",
                    "救助困难群众{n}人次"),
    "village_projects": ("2130701", "村级公益事业一事一议财政奖补",
                         "按村民筹资筹劳额的1:1比例给予奖补",
                         "村民议事、乡镇审核、县级财政和农经部门审批，项目完工验收后拨付",
                         "实施奖补项目{n}个"),
    "village_cadres": ("2130703", "村干部基本报酬及村级组织运转经费",
                       "村干部每人每月不低于2000元，村级组织运转经费每村每年5万元",
                       "乡镇考核、县级组织部门和财政部门审核，按月发放",
                       "保障{n}个村（社区）组织运转"),
    "rural_housing": ("2210105", "农村危房改造补助",
                      "每户补助2.5万元",
                      "农户申请、村评议、乡镇审核、住建部门审批，竣工验收后补助资金直接拨付到户",
                      "改造农村危房{n}户"),
    "shantytown": ("2210103", "城市棚户区改造",
                   "按改造户数和安置方式核定补助",
                   "区政府申报、住建部门审核、财政部门按工程进度拨付",
                   "改造棚户区住房{n}户"),
    "rent_subsidy": ("2210107", "保障性住房租金补贴",
                     "每户每月按保障面积和租金补贴标准发放",
                     "本人申请、街道审核、住房保障部门审批并公示，按季度发放",
                     "发放租金补贴{n}户"),
}
#: relative size of each 民生 project in a unit's project expenditure
MINSHENG_WEIGHT = {
    "preschool": 2, "textbooks": 4, "urban_dibao": 8, "rural_dibao": 6, "temporary_relief": 1,
    "elderly": 1, "public_jobs": 3, "public_health": 1, "medical_aid": 1, "village_projects": 3,
    "village_cadres": 3, "rural_housing": 5, "shantytown": 12, "rent_subsidy": 3,
}
# fmt: on


def _district(slug, short, name, size, staff, minsheng, urban: bool) -> Department:
    offices = ("党政办公室", "经济发展办公室", "社会事务办公室", "财政所")
    duties = (
        "执行区人民代表大会的决议和上级国家行政机关的决定",
        "管理本行政区域内的经济、教育、卫生、民政等行政工作",
        "保障本区民生资金落实到位",
    )
    basic = (("2010301", 5), ("2013101", 2), ("2080201", 1))
    project = (*((MINSHENG[key][0], MINSHENG_WEIGHT[key]) for key in minsheng), ("2010302", 2))
    return Department(
        slug,
        short,
        name,
        "区县级",
        size,
        staff,
        basic,
        project,
        duties,
        offices if urban else (*offices, "农牧业发展办公室"),
        minsheng=minsheng,
    )


def _township(slug, short, name, size, staff, minsheng, **kw) -> Department:
    duties = (
        "执行本级人民代表大会的决议和上级国家行政机关的决定",
        "管理本行政区域内的经济、社会事务和民生保障工作",
        "指导村民委员会的工作",
    )
    basic = (("2010301", 5), ("2013101", 1))
    project = (*((MINSHENG[key][0], MINSHENG_WEIGHT[key]) for key in minsheng), ("2010302", 2))
    offices = ("党政综合办公室", "经济发展办公室", "社会事务办公室", "综合治理办公室")
    return Department(
        slug,
        short,
        name,
        "乡镇级",
        size,
        staff,
        basic,
        project,
        duties,
        offices,
        ("农业（畜牧）综合服务站", "文化服务站"),
        minsheng=minsheng,
        **kw,
    )


# fmt: off
_URBAN = ("textbooks", "urban_dibao", "temporary_relief", "elderly", "public_jobs", "public_health",
          "medical_aid", "shantytown", "rent_subsidy")
_RURAL = ("preschool", "textbooks", "rural_dibao", "temporary_relief", "elderly", "public_health",
          "medical_aid", "village_projects", "village_cadres", "rural_housing")

DISTRICTS: tuple[Department, ...] = (
    _district("tianshan", "天山区", "乌鲁木齐市天山区人民政府", 86000, 900, _URBAN, True),
    _district("saybagh", "沙依巴克区", "乌鲁木齐市沙依巴克区人民政府", 78000, 850, _URBAN, True),
    _district("shuimogou", "水磨沟区", "乌鲁木齐市水磨沟区人民政府", 52000, 600, _URBAN, True),
    _district("dabancheng", "达坂城区", "乌鲁木齐市达坂城区人民政府", 21000, 320, _RURAL, False),
    _district("urumqi_county", "乌鲁木齐县", "乌鲁木齐县人民政府", 34000, 480, _RURAL, False),
)

TOWNSHIPS: tuple[Department, ...] = (
    _township("banfanggou", "乌鲁木齐县板房沟镇", "乌鲁木齐县板房沟镇人民政府", 4200, 85,
              ("preschool", "rural_dibao", "temporary_relief", "public_health", "village_projects",
               "village_cadres", "rural_housing"), published_as="pdf"),
    _township("yongfeng", "乌鲁木齐县永丰镇", "乌鲁木齐县永丰镇人民政府", 3600, 70,
              ("rural_dibao", "temporary_relief", "elderly", "public_health", "village_projects",
               "village_cadres", "rural_housing")),
    _township("shuixigou", "乌鲁木齐县水西沟镇", "乌鲁木齐县水西沟镇人民政府", 3900, 78,
              ("preschool", "rural_dibao", "medical_aid", "public_health", "village_projects",
               "village_cadres", "rural_housing")),
    _township("akesu", "达坂城区阿克苏乡", "乌鲁木齐市达坂城区阿克苏乡人民政府", 2800, 55,
              ("rural_dibao", "temporary_relief", "public_health", "village_cadres",
               "rural_housing")),
)
# fmt: on

DEPARTMENTS: tuple[Department, ...] = MUNICIPAL + DISTRICTS + TOWNSHIPS
DEPARTMENT_BY_SLUG: dict[str, Department] = {d.slug: d for d in DEPARTMENTS}
