"""Demo organisation: the departments of a typical e-commerce company, one user for
every role (password `demo12345` for all), the category tree with each leaf's
usual department, and reply templates. Written through the ticket services;
everything is looked up first, so a second run changes nothing.

Puts into `ctx.data`: "departments" {code: Department}, "users" {username: User},
"agents" [User], "categories" {code: Category} (leaves and parents),
"leaf_categories" [Category].
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from tickets.models import Category, Department, ReplyTemplate, Role
from tickets.services import department_create, ensure_role_groups, staff_create

DEMO_PASSWORD = "demo12345"

# (code, 中文名, English name, kind)
DEPARTMENTS = [
    ("service-center", "客服中心", "Service Center", Department.Kind.SERVICE_CENTER),
    ("merchandise", "商品部", "Merchandise", Department.Kind.BUSINESS),
    ("logistics", "物流部", "Logistics", Department.Kind.BUSINESS),
    ("techops", "技术运维部", "Tech & Ops", Department.Kind.BUSINESS),
    ("marketing", "市场部", "Marketing", Department.Kind.BUSINESS),
    ("finance", "财务部", "Finance", Department.Kind.BUSINESS),
]
BUSINESS_CODES = [code for code, _, _, kind in DEPARTMENTS if kind == Department.Kind.BUSINESS]

# (username, role, department code, 姓, 名). Business departments get
# `<code>_staff` and `<code>_head` below.
CENTER_USERS = [
    ("agent1", Role.AGENT, "service-center", "王", "芳"),
    ("agent2", Role.AGENT, "service-center", "李", "娜"),
    ("agent3", Role.AGENT, "service-center", "张", "伟"),
    ("agent4", Role.AGENT, "service-center", "刘", "洋"),
    ("lead1", Role.TEAM_LEAD, "service-center", "陈", "静"),
    ("qa1", Role.QA_SPECIALIST, "service-center", "杨", "敏"),
    ("manager1", Role.SERVICE_MANAGER, "service-center", "赵", "磊"),
    ("admin", Role.ADMIN, "service-center", "系统", "管理员"),
]
DEPARTMENT_PEOPLE = {
    "merchandise": (("黄", "强"), ("周", "丽")),
    "logistics": (("吴", "军"), ("徐", "霞")),
    "techops": (("孙", "涛"), ("马", "超")),
    "marketing": (("朱", "琳"), ("胡", "斌")),
    "finance": (("郭", "红"), ("何", "勇")),
}

# (code, parent code or None, 中文名, English name, default department code)
CATEGORIES = [
    ("logistics", None, "物流配送", "Logistics", "logistics"),
    ("late-delivery", "logistics", "配送延误", "Late delivery", "logistics"),
    ("lost-parcel", "logistics", "包裹丢失", "Lost parcel", "logistics"),
    ("damaged-parcel", "logistics", "商品破损", "Damaged parcel", "logistics"),
    ("merchandise", None, "商品问题", "Merchandise", "merchandise"),
    ("quality", "merchandise", "质量问题", "Quality problem", "merchandise"),
    ("wrong-item", "merchandise", "发错货", "Wrong item", "merchandise"),
    ("out-of-stock", "merchandise", "缺货", "Out of stock", "merchandise"),
    ("tech", None, "技术故障", "Tech / ops", "techops"),
    ("app-crash", "tech", "APP闪退", "App crash", "techops"),
    ("payment-failure", "tech", "支付失败", "Payment failure", "techops"),
    ("login", "tech", "登录问题", "Login problem", "techops"),
    ("order-change", None, "订单变更", "Order change", None),
    ("address-change", "order-change", "修改地址", "Address change", "logistics"),
    ("order-cancel", "order-change", "取消订单", "Cancel order", "merchandise"),
    ("service-attitude", None, "服务态度", "Service attitude", None),
    ("refund", None, "退款与财务", "Refund / finance", "finance"),
    ("refund-delay", "refund", "退款延迟", "Refund delay", "finance"),
    ("invoice", "refund", "发票问题", "Invoice", "finance"),
]

# Reply templates per category code: (title, body).
TEMPLATES = {
    "late-delivery": [
        (
            "配送延误致歉",
            "您好，非常抱歉您的包裹未能按时送达。我们已联系物流部门加急处理，预计24小时内给您回复最新进度。",
        ),
    ],
    "lost-parcel": [
        (
            "包裹丢失核实",
            "您好，关于您反映的包裹丢失问题，我们已提交物流部门核实，核实后将为您补发或全额退款，请您耐心等待。",
        ),
    ],
    "damaged-parcel": [
        (
            "商品破损处理",
            "您好，很抱歉商品在运输中出现破损。请您提供破损照片，我们将为您安排换货或退款。",
        ),
    ],
    "quality": [
        (
            "质量问题受理",
            "您好，您反馈的商品质量问题已受理，我们将转商品部核实，并在2个工作日内给您处理方案。",
        ),
    ],
    "wrong-item": [
        (
            "发错货处理",
            "您好，非常抱歉给您发错了商品。我们将安排快递上门取件并尽快为您补发正确商品，运费由我们承担。",
        ),
    ],
    "out-of-stock": [
        (
            "缺货说明",
            "您好，您购买的商品暂时缺货，我们可以为您保留订单等待补货，或为您办理全额退款，请问您选择哪种方式？",
        ),
    ],
    "app-crash": [
        (
            "APP闪退排查",
            "您好，请您先将APP更新到最新版本并重启手机后再试。如仍有问题，请告知手机型号和系统版本，我们将转技术部门排查。",
        ),
    ],
    "payment-failure": [
        (
            "支付失败说明",
            "您好，若支付失败但已扣款，款项通常会在1-3个工作日内原路退回。我们已将您的情况提交技术部门核查。",
        ),
    ],
    "login": [
        (
            "登录问题指引",
            "您好，请您尝试通过“忘记密码”重置密码后登录。如仍无法登录，我们将为您转技术部门处理。",
        ),
    ],
    "address-change": [
        ("修改地址确认", "您好，已为您提交修改收货地址的申请，物流部门确认后将短信通知您，请留意。"),
    ],
    "order-cancel": [
        ("取消订单确认", "您好，您的取消订单申请已提交，订单取消成功后款项将在3-5个工作日内原路退回。"),
    ],
    "service-attitude": [
        (
            "服务态度致歉",
            "您好，对于给您带来的不愉快体验我们深表歉意。我们已记录您的意见，并将对相关人员进行核实和辅导。",
        ),
    ],
    "refund-delay": [
        (
            "退款进度说明",
            "您好，您的退款申请已审核通过，财务部门正在处理，预计3个工作日内到账，请您耐心等待。",
        ),
    ],
    "invoice": [
        (
            "发票开具说明",
            "您好，电子发票将在订单完成后7个工作日内发送至您的邮箱，如需纸质发票请告知邮寄地址。",
        ),
    ],
    None: [
        ("通用致谢", "您好，感谢您的耐心等待，您的问题已处理完毕。如还有其他问题，欢迎随时联系我们。"),
        ("通用受理", "您好，您的问题我们已经记录，将尽快为您处理，处理结果会第一时间通知您。"),
    ],
}


def _departments() -> dict:
    departments = {}
    for code, name, name_en, kind in DEPARTMENTS:
        department = Department.objects.filter(code=code).first()
        if department is None:
            department = department_create(name=name, name_en=name_en, code=code, kind=kind)
        departments[code] = department
    return departments


def _people() -> list[tuple]:
    people = list(CENTER_USERS)
    for code in BUSINESS_CODES:
        (staff_last, staff_first), (head_last, head_first) = DEPARTMENT_PEOPLE[code]
        people.append((f"{code}_staff", Role.DEPT_STAFF, code, staff_last, staff_first))
        people.append((f"{code}_head", Role.DEPT_HEAD, code, head_last, head_first))
    return people


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, department code) of every demo user — documented in README."""
    return [(username, role, code) for username, role, code, _, _ in _people()]


def _users(departments: dict) -> dict:
    User = get_user_model()
    users = {}
    created = []
    for username, role, code, last_name, first_name in _people():
        if not User.objects.filter(username=username).exists():
            staff_create(
                username=username,
                password=None,  # set below, hashed once for all
                department=departments[code],
                role=role,
                first_name=first_name,
                last_name=last_name,
                email=f"{username.replace('_', '.')}@demo.example.com",
            )
            created.append(username)
        users[username] = User.objects.select_related("profile").get(username=username)
    if created:
        # Every demo user has the same password: hash it once (PBKDF2 takes about half a
        # second per hash, a third of the whole org step for 18 users).
        User.objects.filter(username__in=created).update(password=make_password(DEMO_PASSWORD))
        for username in created:
            users[username].refresh_from_db(fields=["password"])
    return users


def _categories(departments: dict) -> dict:
    categories = {}
    for order, (code, parent, name, name_en, department_code) in enumerate(CATEGORIES):
        category = Category.objects.filter(code=code).first()
        if category is None:
            category = Category.objects.create(
                code=code,
                name=name,
                name_en=name_en,
                parent=categories[parent] if parent else None,
                default_department=departments[department_code] if department_code else None,
                sort_order=order,
            )
        categories[code] = category
    return categories


def _templates(categories: dict) -> None:
    for code, rows in TEMPLATES.items():
        category = categories[code] if code else None
        for title, body in rows:
            ReplyTemplate.objects.get_or_create(category=category, title=title, defaults={"body": body})


def run(ctx) -> None:
    ensure_role_groups()
    departments = _departments()
    users = _users(departments)
    categories = _categories(departments)
    _templates(categories)
    parents = {c.parent_id for c in categories.values() if c.parent_id}
    ctx.data["departments"] = departments
    ctx.data["users"] = users
    ctx.data["agents"] = [user for user in users.values() if user.profile.role == Role.AGENT]
    ctx.data["categories"] = categories
    ctx.data["leaf_categories"] = [c for c in categories.values() if c.pk not in parents]
    print(f"  org: {len(departments)} departments, {len(users)} users, {len(categories)} categories")
