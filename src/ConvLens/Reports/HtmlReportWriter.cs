using System.Net;
using System.Text;

namespace ConvLens.Reports;

/// <summary>Turns report sections into one static HTML page that links the pictures beside it.</summary>
public static class HtmlReportWriter
{
    /// <summary>Renders the page; all text is HTML-escaped.</summary>
    public static string Render(string title, IEnumerable<ReportSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Escape(title))
            .Append("</title>\n<style>\n")
            .Append(Style)
            .Append("</style>\n</head>\n<body>\n<h1>").Append(Escape(title)).Append("</h1>\n");
        var all = sections.ToList();
        html.Append("<nav>");
        foreach (var (s, i) in all.Select((s, i) => (s, i)))
        {
            html.Append("<a href=\"#s").Append(i).Append("\">").Append(Escape(s.Title)).Append("</a> ");
        }

        html.Append("</nav>\n");
        foreach (var (s, i) in all.Select((s, i) => (s, i)))
        {
            html.Append("<section id=\"s").Append(i).Append("\">\n<h2>").Append(Escape(s.Title)).Append("</h2>\n");
            foreach (var p in s.Paragraphs)
            {
                html.Append("<p>").Append(Escape(p)).Append("</p>\n");
            }

            if (s.Facts.Count > 0)
            {
                html.Append("<table>\n");
                foreach (var (k, v) in s.Facts)
                {
                    html.Append("<tr><th>").Append(Escape(k)).Append("</th><td>").Append(Escape(v)).Append("</td></tr>\n");
                }

                html.Append("</table>\n");
            }

            foreach (var f in s.Figures)
            {
                var src = Escape(f.Path.Replace('\\', '/'));
                html.Append("<figure><a href=\"").Append(src).Append("\"><img src=\"").Append(src)
                    .Append("\" alt=\"").Append(Escape(f.Caption)).Append("\" loading=\"lazy\"></a><figcaption>")
                    .Append(Escape(f.Caption)).Append("</figcaption></figure>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("<footer>Made by ConvLens.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; background: #fafafa; }
        nav a { margin-right: 1em; }
        section { margin: 2em 0; padding-top: 1em; border-top: 1px solid #ddd; }
        figure { display: inline-block; margin: 0.5em; vertical-align: top; max-width: 100%; }
        figure img { max-width: 100%; border: 1px solid #ccc; image-rendering: auto; }
        figcaption { font-size: 0.9em; color: #555; max-width: 520px; }
        table { border-collapse: collapse; } th, td { text-align: left; padding: 0.2em 1em 0.2em 0; }
        footer { margin-top: 3em; font-size: 0.8em; color: #888; }

        """;
}
