using System.Globalization;
using System.Net;
using System.Text;

namespace ConvLens.Reports.Atlas;

/// <summary>The shared frame of every atlas page: head, style, the small lightbox and sort scripts. Nothing is loaded from outside.</summary>
internal static class AtlasHtml
{
    private const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:12px 20px;color:#222;background:#fafafa}
        a{color:#1a5fb4}h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:18px 0 6px}
        nav{display:flex;gap:16px;margin:6px 0 12px}table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
        .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px;text-align:center}
        .card img{width:64px;height:64px;image-rendering:auto}.card.dead{opacity:.55;border-color:#c01c28}
        .tag{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;background:#e8e8e8}.tag.dead{background:#f6c6c6}.tag.rarely{background:#fde8b0}.tag.saturated{background:#cde3fb}
        .strip{display:flex;flex-wrap:wrap;gap:8px}.ex{text-align:center;font-size:12px}.ex img{width:112px;height:112px;display:block;cursor:zoom-in}
        .big{width:224px;height:224px}.thumbs img{width:40px;height:40px;margin-right:2px}
        #lightbox{display:none;position:fixed;inset:0;background:rgba(0,0,0,.8);align-items:center;justify-content:center}
        #lightbox.on{display:flex}#lightbox div.frame{position:relative}#lightbox img{max-width:90vw;max-height:85vh;display:block}
        #lightbox .box{position:absolute;border:2px solid #33d17a;box-sizing:border-box}#lightbox p{color:#fff;text-align:center}
        """;

    // Clicking a crop shows its full image with the receptive-field box; without script the link opens the image.
    private const string Lightbox = """
        document.addEventListener('click', e => {
          const a = e.target.closest('a[data-box]');
          const lb = document.getElementById('lightbox');
          if (!a) { if (e.target.closest('#lightbox')) lb.classList.remove('on'); return; }
          e.preventDefault();
          const [l, t, w, h] = a.dataset.box.split(',').map(Number);
          lb.querySelector('img').src = a.href;
          Object.assign(lb.querySelector('.box').style, { left: l + '%', top: t + '%', width: w + '%', height: h + '%' });
          lb.querySelector('p').textContent = a.title;
          lb.classList.add('on');
        });
        """;

    public static string Page(string title, string body, string? script = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(Escape(title)).Append("</title><style>").Append(Style).Append("</style></head><body>\n")
            .Append(body)
            .Append("\n<div id=\"lightbox\"><div class=\"frame\"><img alt=\"full image\"><div class=\"box\"></div><p></p></div></div>\n<script>")
            .Append(Lightbox).Append(script ?? string.Empty).Append("</script></body></html>\n");
        return html.ToString();
    }

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public static string Number(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : "-";

    public static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";

    public static string Shape(IEnumerable<long> shape) => "[" + string.Join(",", shape) + "]";

    public static string VerdictTag(string verdict) =>
        $"<span class=\"tag {Escape(verdict.Split(' ')[0])}\">{Escape(verdict)}</span>";
}
