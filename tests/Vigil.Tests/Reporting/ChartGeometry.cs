using System.Text.Json;

namespace Vigil.Tests.Reporting;

/// <summary>One text element of a chart drawn (partly) outside the area that shows it.</summary>
public sealed record ClippedText(string Text, string By, double[] Box, double[] Limit);

/// <summary>A chart as laid out by the browser: its rendered size, its container's content width, its viewBox, its text elements and those cut off.</summary>
public sealed record ChartBox(string Id, double Width, double Height, double Container, string? ViewBox, int Texts, IReadOnlyList<ClippedText> Clipped);

/// <summary>The page's viewport and scroll width, and every chart (figure svg) on it.</summary>
public sealed record PageGeometry(double Viewport, double ScrollWidth, IReadOnlyList<ChartBox> Charts)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Parses the JSON <see cref="ChartGeometry.Probe"/> returns.</summary>
    public static PageGeometry Parse(string json) => JsonSerializer.Deserialize<PageGeometry>(json, Options)
        ?? throw new InvalidOperationException("empty geometry");
}

/// <summary>
/// A measurement run inside Chromium (ChromiumRenderer's RenderOptions.Evaluate). For every chart (figure svg) it
/// reports the SVG's rendered width against its figure's content width, its viewBox, and every text element whose
/// bounding box (getBoundingClientRect; 1 px tolerance across, a quarter of the font size more up and down, where the em box
/// exceeds the ink) leaves the SVG's viewport or the clip-path rectangle of an
/// ancestor group (ScottPlot clips the data area and the legend), i.e. text a reader would see cut.
/// </summary>
public static class ChartGeometry
{
    /// <summary>The JavaScript expression; it returns the geometry as a JSON string.</summary>
    public const string Probe = """
(() => {
  const tol = 1;
  const doc = document.documentElement;
  const out = { viewport: doc.clientWidth, scrollWidth: doc.scrollWidth, charts: [] };
  for (const svg of document.querySelectorAll('figure svg')) {
    const r = svg.getBoundingClientRect();
    const fig = svg.parentElement;
    const cs = getComputedStyle(fig);
    const container = fig.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const vb = svg.getAttribute('viewBox');
    const chart = { id: (svg.getAttribute('aria-labelledby') || '').split(' ')[0].replace(/-title$/, ''), width: r.width, height: r.height,
      container: container, viewBox: vb, texts: 0, clipped: [] };
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBoundingClientRect();
      if (b.width === 0 && b.height === 0) continue;
      chart.texts++;
      let limit = { left: r.left, top: r.top, right: r.right, bottom: r.bottom, by: 'svg viewport' };
      for (let a = t.parentElement; a && a !== svg; a = a.parentElement) {
        const cp = a.getAttribute('clip-path');
        if (!cp) continue;
        const m = cp.match(/#([^)"']+)/);
        const rect = m && svg.querySelector('#' + CSS.escape(m[1]) + ' rect');
        if (!rect) continue;
        const ctm = a.getScreenCTM();
        const x = +rect.getAttribute('x'), y = +rect.getAttribute('y'), w = +rect.getAttribute('width'), h = +rect.getAttribute('height');
        const p1 = new DOMPoint(x, y).matrixTransform(ctm), p2 = new DOMPoint(x + w, y + h).matrixTransform(ctm);
        limit = { left: Math.max(limit.left, Math.min(p1.x, p2.x)), top: Math.max(limit.top, Math.min(p1.y, p2.y)),
          right: Math.min(limit.right, Math.max(p1.x, p2.x)), bottom: Math.min(limit.bottom, Math.max(p1.y, p2.y)), by: 'clip-path ' + m[1] };
      }
      // A text box is its font's em box: ascent and descent reach about a quarter of the font size beyond the ink of
      // capitals and descenders, so the vertical tolerance allows that much (in screen pixels, after viewBox scaling).
      const vb = svg.viewBox.baseVal, scale = vb && vb.width ? r.width / vb.width : 1;
      const vtol = tol + 0.25 * (parseFloat(t.getAttribute('font-size')) || 12) * scale;
      if (b.left < limit.left - tol || b.top < limit.top - vtol || b.right > limit.right + tol || b.bottom > limit.bottom + vtol)
        chart.clipped.push({ text: t.textContent.trim(), by: limit.by,
          box: [b.left - r.left, b.top - r.top, b.right - r.left, b.bottom - r.top].map(v => Math.round(v)),
          limit: [limit.left - r.left, limit.top - r.top, limit.right - r.left, limit.bottom - r.top].map(v => Math.round(v)) });
    }
    out.charts.push(chart);
  }
  return JSON.stringify(out);
})()
""";
}
