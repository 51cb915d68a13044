"""Checklists shipped as data (created by a data migration and by seed_demo): the intermediary
service-quality evaluation (8 aspects, seed 000 item 12) and a consumer-protection checklist (item 14)."""

INTERMEDIARY = {
    "code": "intermediary-service-quality",
    "title": "保险中介机构服务质量现场测评表",
    "line": "intermediary",
    "sections": [
        (
            "场所规范",
            [
                (
                    "IM-1.1",
                    "营业场所悬挂许可证、营业执照，公示投诉电话和服务承诺",
                    "《保险中介机构服务质量测评办法》第五条",
                    5,
                ),
                ("IM-1.2", "营业场所布局合理，设有客户接待区域和宣传资料", "《保险中介机构服务质量测评办法》第五条", 5),
            ],
        ),
        (
            "经营服务",
            [
                ("IM-2.1", "如实告知保险产品条款、免责条款和退保损失", "《保险销售行为管理办法》第二十二条", 10),
                ("IM-2.2", "保单、收费凭证和客户回访记录完整可查", "《保险中介机构服务质量测评办法》第六条", 10),
            ],
        ),
        (
            "人事管理",
            [
                ("IM-3.1", "从业人员执业登记齐全，无未登记人员展业", "《保险中介从业人员管理规定》", 10),
                ("IM-3.2", "开展从业人员岗前培训和年度合规培训", "《保险中介机构服务质量测评办法》第七条", 5),
            ],
        ),
        (
            "服务监督",
            [
                ("IM-4.1", "建立投诉处理制度，投诉按时处理并留存记录", "《新疆保险行业协会投诉处理管理办法》", 10),
            ],
        ),
        (
            "信息化建设",
            [
                ("IM-5.1", "业务系统与保险公司系统对接，数据真实完整", "《保险中介机构信息化工作监管办法》", 10),
            ],
        ),
        (
            "内控管理",
            [
                ("IM-6.1", "建立合规、财务、档案内控制度并有效执行", "《保险中介机构服务质量测评办法》第八条", 10),
            ],
        ),
        (
            "消费者权益保护",
            [
                ("IM-7.1", "开展消费者教育宣传，保护客户个人信息", "《银行保险机构消费者权益保护管理办法》", 10),
            ],
        ),
        (
            "政保或特色服务项目",
            [
                ("IM-8.1", "参与政策性保险或开展有特色的便民服务", "《保险中介机构服务质量测评办法》第九条", 5),
            ],
        ),
    ],
}

CONSUMER_PROTECTION = {
    "code": "consumer-protection",
    "title": "消保监管评价项目清单",
    "line": "consumer_protection",
    "sections": [
        (
            "体制机制建设",
            [
                (
                    "CP-1.1",
                    "董事会、高管层消保职责明确，设立消保部门",
                    "《银行保险机构消费者权益保护管理办法》第八条",
                    10,
                ),
                ("CP-1.2", "消保审查机制覆盖产品和服务全流程", "《银行保险机构消费者权益保护管理办法》第十二条", 10),
            ],
        ),
        (
            "销售行为",
            [
                ("CP-2.1", "执行销售行为可回溯（双录）要求", "《保险销售行为可回溯管理暂行办法》", 10),
                ("CP-2.2", "不存在误导销售、夸大收益等行为", "《保险销售行为管理办法》第三十条", 10),
            ],
        ),
        (
            "投诉管理",
            [
                ("CP-3.1", "投诉在规定时限内处理完毕并答复", "《银行保险机构投诉处理管理办法》第十九条", 10),
                ("CP-3.2", "开展投诉数据分析和溯源整改", "《银行保险机构投诉处理管理办法》第三十条", 10),
            ],
        ),
        (
            "理赔服务",
            [
                ("CP-4.1", "理赔时效符合承诺，未决赔案超过两年的及时清理", "《保险法》第二十三条", 10),
            ],
        ),
        (
            "信息保护与宣传教育",
            [
                ("CP-5.1", "客户个人信息收集、使用、保管合规", "《个人信息保护法》", 10),
                ("CP-5.2", "开展“3·15”等金融知识宣传教育活动", "《银行保险机构消费者权益保护管理办法》第二十五条", 10),
            ],
        ),
    ],
}

CHECKLISTS = [INTERMEDIARY, CONSUMER_PROTECTION]


def install_checklists(template_model, section_model, item_model) -> None:
    """Create version 1 of each shipped checklist if its code does not exist yet (idempotent)."""
    for spec in CHECKLISTS:
        if template_model.objects.filter(code=spec["code"]).exists():
            continue
        template = template_model.objects.create(code=spec["code"], version=1, title=spec["title"], line=spec["line"])
        for s_order, (title, items) in enumerate(spec["sections"], 1):
            section = section_model.objects.create(template=template, order=s_order, title=title)
            for i_order, (code, text, reference, score) in enumerate(items, 1):
                item_model.objects.create(
                    template=template,
                    section=section,
                    order=i_order,
                    code=code,
                    text=text,
                    reference=reference,
                    max_score=score,
                )
