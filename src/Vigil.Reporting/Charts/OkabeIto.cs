using ScottPlot;

namespace Vigil.Reporting.Charts;

/// <summary>The Okabe–Ito palette (Okabe &amp; Ito 2008), distinguishable with the common colour-vision deficiencies.</summary>
public static class OkabeIto
{
    /// <summary>Orange, sky blue, bluish green, blue, vermillion, reddish purple, yellow, black.</summary>
    public static readonly IReadOnlyList<string> Hex = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#000000"];

    /// <summary>The i-th colour, cycling.</summary>
    public static Color At(int i) => Color.FromHex(Hex[i % Hex.Count]);
}
