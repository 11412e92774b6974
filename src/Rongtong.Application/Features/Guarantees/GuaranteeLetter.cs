using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Money;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// 担保函: the guarantee letter as a PDF with Chinese text (the font is embedded, so any reader shows it).
/// Rendered from the guarantee's data on demand, so it always matches the record.
/// </summary>
public static class GuaranteeLetter
{
    public sealed class Handler(AppDbContext db)
    {
        public async Task<(string FileName, byte[] Pdf)> Handle(long guaranteeId, CancellationToken ct = default)
        {
            var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, null, ct);
            if (g.Status is GuaranteeStatus.Applied or GuaranteeStatus.Reviewed or GuaranteeStatus.Approved or GuaranteeStatus.Rejected or GuaranteeStatus.Withdrawn)
            {
                throw new DomainException("GUARANTEE_STATE_CONFLICT", $"guarantee {g.Number} has no letter yet ({g.Status})");
            }

            var enterprise = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().FirstAsync(e => e.Id == g.EnterpriseId, ct);
            var orgs = await db.Organisations.AsNoTracking().Where(o => o.Id == g.BankId || o.Id == g.GuarantorId).ToDictionaryAsync(o => o.Id, ct);
            return ($"{g.Number}.pdf", Render(g, enterprise, orgs[g.BankId], orgs[g.GuarantorId]));
        }
    }

    public static byte[] Render(Guarantee g, Enterprise enterprise, Organisation bank, Organisation guarantor)
    {
        CjkFonts.Ensure();
        using var document = new PdfDocument();
        document.Info.Title = $"担保函 {g.Number}";
        document.Info.Subject = "杭政办函〔2021〕20号 政府性融资担保";
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(210);
        page.Height = XUnit.FromMillimeter(297);
        using var gfx = XGraphics.FromPdfPage(page);
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var title = new XFont(CjkFonts.Family, 20, XFontStyleEx.Regular, options);
        var body = new XFont(CjkFonts.Family, 11, XFontStyleEx.Regular, options);
        var latin = new XFont(CjkFonts.LatinFamily, 11, XFontStyleEx.Regular, options);
        var y = 60.0;
        gfx.DrawString("担 保 函", title, XBrushes.Black, new XRect(0, y, page.Width.Point, 30), XStringFormats.TopCenter);
        y += 50;
        string[] lines =
        [
            $"编号：{g.Number}",
            $"致：{bank.Name}",
            "",
            $"应被担保人 {enterprise.Name}（统一社会信用代码 {enterprise.Uscc}）的申请，",
            $"{guarantor.Name} 同意为其在贵行的借款提供连带责任保证担保：",
            "",
            $"担保金额：人民币 {new Money(g.AmountFen)} 元",
            $"担保期间：{g.StartDate:yyyy-MM-dd} 至 {g.EndDate:yyyy-MM-dd}",
            $"担保费率：年化 {(g.FeeRate * 100).ToString("0.###", CultureInfo.InvariantCulture)}%",
            $"担保方式：{(g.Unsecured ? "无抵押信用担保" : "担保")}" + (g.Programmes.Length > 0 ? $"（{g.Programmes}）" : ""),
            "",
            "风险分担：按“4222”风险分担机制，市县担保机构、国家融资担保基金、",
            "省再担保公司、合作银行按照 4:2:2:2 的比例分担代偿损失。",
            "",
            "依据：杭州市人民政府办公厅《关于金融支持服务实体经济高质量发展的若干措施》",
            "（杭政办函〔2021〕20号）三（二）。",
            "",
            $"担保人：{guarantor.Name}",
            $"日期：{(g.ApprovedOn ?? g.AppliedOn):yyyy年MM月dd日}",
        ];
        foreach (var line in lines)
        {
            // CJK fallback fonts (Droid Sans Fallback) lack Latin letters and digits: those runs use a Latin font.
            var x = 60.0;
            foreach (var (run, isLatin) in CjkFonts.Runs(line))
            {
                var font = isLatin ? latin : body;
                gfx.DrawString(run, font, XBrushes.Black, x, y, XStringFormats.TopLeft);
                x += gfx.MeasureString(run, font).Width;
            }

            y += 20;
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}

/// <summary>
/// Finds a font with Chinese glyphs on the machine for PDFsharp (which has no system font access on Linux):
/// <c>RONGTONG_CJK_FONT</c>, else the usual Debian locations (fonts-droid-fallback, fonts-noto-cjk, fonts-wqy).
/// </summary>
public sealed class CjkFonts : IFontResolver
{
    public const string Family = "RongtongCJK";

    /// <summary>Printable ASCII (numbers, amounts, dates, USCCs): a Latin font when one is installed, else <see cref="Family"/>.</summary>
    public const string LatinFamily = "RongtongLatin";
    private static readonly Lock Gate = new();
    private static bool _installed;

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ];

    private static readonly string[] LatinCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
    ];

    private readonly byte[] _font;
    private readonly byte[]? _latin;

    private CjkFonts(byte[] font, byte[]? latin)
    {
        _font = font;
        _latin = latin;
    }

    /// <summary>Splits a line into runs of printable ASCII (<c>true</c>) and other text.</summary>
    public static IEnumerable<(string Run, bool Latin)> Runs(string line)
    {
        var start = 0;
        for (var i = 1; i <= line.Length; i++)
        {
            if (i == line.Length || IsLatin(line[i]) != IsLatin(line[start]))
            {
                yield return (line[start..i], IsLatin(line[start]));
                start = i;
            }
        }
    }

    private static bool IsLatin(char c) => c is >= ' ' and <= '~';

    public static void Ensure()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            var path = Environment.GetEnvironmentVariable("RONGTONG_CJK_FONT") is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists);
            if (path is null || !File.Exists(path))
            {
                throw new InvalidOperationException("no font with Chinese glyphs found: install fonts-droid-fallback or set RONGTONG_CJK_FONT to a .ttf file");
            }

            var latin = Environment.GetEnvironmentVariable("RONGTONG_LATIN_FONT") is { Length: > 0 } l ? l : LatinCandidates.FirstOrDefault(File.Exists);
            GlobalFontSettings.FontResolver = new CjkFonts(File.ReadAllBytes(path), latin is not null && File.Exists(latin) ? File.ReadAllBytes(latin) : null);
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(familyName == LatinFamily && _latin is not null ? LatinFamily : Family);

    public byte[]? GetFont(string faceName) => faceName == LatinFamily && _latin is not null ? _latin : _font;
}
