namespace Rongtong.Web.Components;

/// <summary>
/// The UI's words in Chinese (default) and English. The language is the <c>rongtong-lang</c> cookie,
/// switched from the header; a missing key shows the key so it is noticed.
/// </summary>
public sealed class Texts(string culture)
{
    private static readonly Dictionary<string, (string Zh, string En)> Words = new(StringComparer.Ordinal)
    {
        ["app.name"] = ("融通 · 金融支持实体经济平台", "Rongtong · Financial Support Platform"),
        ["nav.home"] = ("首页", "Home"),
        ["nav.enterprises"] = ("企业名录", "Enterprises"),
        ["nav.imports"] = ("数据导入", "Imports"),
        ["nav.consents"] = ("授权管理", "Consents"),
        ["nav.users"] = ("用户管理", "Users"),
        ["nav.platform"] = ("营业日期与审计", "Business date & audit"),
        ["nav.logout"] = ("退出", "Sign out"),
        ["lang.switch"] = ("English", "中文"),
        ["login.title"] = ("登录融通", "Sign in to Rongtong"),
        ["login.email"] = ("邮箱", "Email"),
        ["login.password"] = ("密码", "Password"),
        ["login.submit"] = ("登录", "Sign in"),
        ["login.invalid"] = ("邮箱或密码错误", "Wrong email or password"),
        ["login.locked"] = ("失败次数过多，账户已暂时锁定", "Too many failed attempts; the account is locked for a while"),
        ["home.title"] = ("重点企业概览", "Key enterprises overview"),
        ["home.businessDate"] = ("营业日期", "Business date"),
        ["home.enterprises"] = ("可见企业", "Enterprises visible"),
        ["home.key"] = ("重点企业", "Key enterprises"),
        ["home.byDistrict"] = ("按区县（市）", "By district"),
        ["home.byBasis"] = ("按认定依据", "By sector basis"),
        ["ent.search"] = ("企业名称或统一社会信用代码", "Name or USCC"),
        ["ent.district"] = ("注册地", "District"),
        ["ent.industry"] = ("行业代码", "Industry code"),
        ["ent.keyStatus"] = ("重点企业", "Key enterprise"),
        ["ent.all"] = ("全部", "All"),
        ["ent.yes"] = ("是", "Yes"),
        ["ent.no"] = ("否", "No"),
        ["ent.name"] = ("企业名称", "Name"),
        ["ent.uscc"] = ("统一社会信用代码", "USCC"),
        ["ent.basis"] = ("认定依据", "Sector basis"),
        ["ent.quota"] = ("信用担保额度（元）", "Guarantee quota (yuan)"),
        ["ent.explanation"] = ("认定说明", "Determination explained"),
        ["ent.taxes"] = ("纳税记录", "Taxes"),
        ["ent.history"] = ("变更记录", "Change history"),
        ["ent.notFound"] = ("未找到该企业，或您无权查看", "Not found, or not yours to see"),
        ["basis.KEY_INDUSTRY"] = ("“5+3”重点产业", "\"5+3\" key industry"),
        ["basis.MANUFACTURING"] = ("制造业", "Manufacturing"),
        ["basis.PRODUCER_SERVICE"] = ("生产性服务业", "Producer service"),
        ["basis.NONE"] = ("不符合", "None"),
        ["outcome.pass"] = ("通过", "pass"),
        ["outcome.fail"] = ("不通过", "fail"),
        ["outcome.not_applicable"] = ("不适用", "n/a"),
        ["import.title"] = ("导入市场监管与税务数据", "Import registry and tax feeds"),
        ["import.kind"] = ("数据类型", "Feed"),
        ["import.enterprises"] = ("企业登记（市场监管）", "Enterprises (market regulation)"),
        ["import.taxes"] = ("纳税（税务）", "Taxes"),
        ["import.file"] = ("选择 CSV 或 XLSX 文件", "Choose a CSV or XLSX file"),
        ["import.progress"] = ("导入进度", "Progress"),
        ["import.errors"] = ("错误报告", "Error report"),
        ["common.page"] = ("页", "page"),
    };

    public string Culture { get; } = culture;

    public bool IsEnglish => Culture == "en";

    public string this[string key] => Words.TryGetValue(key, out var w) ? (IsEnglish ? w.En : w.Zh) : key;

    public static string CultureOf(HttpContext? context) =>
        context?.Request.Cookies["rongtong-lang"] == "en" ? "en" : "zh-CN";
}
