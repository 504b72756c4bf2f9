using System.Globalization;

namespace Vigil.Core.Labels;

/// <summary>
/// How the levels of a label (or prediction) column map to the positive and negative class.
/// <see cref="PositiveLevels"/>[k] is true when level k is positive. <see cref="Positive"/> is the positive value
/// as spelled in the data (or as given when the data never hold it); <see cref="Negative"/> the negative value as
/// spelled (null when there is none, or when every non-positive value is negative under a rule or a named
/// positive). <see cref="Rule"/> completes "COLUMN …": "= 1", "&gt; 0". <see cref="Note"/> explains a coding the
/// reader might not expect (the -1/1 coding, an all-negative column); null otherwise.
/// </summary>
public sealed record LabelCoding(bool[] PositiveLevels, string Positive, string? Negative, string Rule, string? Note)
{
    /// <summary>0/1 per row from level codes; a negative code (missing) becomes <paramref name="missing"/>.</summary>
    public byte[] ToBytes(ReadOnlySpan<int> codes, byte missing = 0)
    {
        var values = new byte[codes.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = codes[i] < 0 ? missing : PositiveLevels[codes[i]] ? (byte)1 : (byte)0;
        return values;
    }

    /// <summary>true per row for positive levels (codes must all be present).</summary>
    public bool[] ToBooleans(ReadOnlySpan<int> codes)
    {
        var values = new bool[codes.Length];
        for (var i = 0; i < values.Length; i++) values[i] = PositiveLevels[codes[i]];
        return values;
    }
}

/// <summary>
/// The one rule set that turns a label column into positive/negative, used by every loader (audit, scan,
/// data-audit, train, validate, score, mitigate).
/// <list type="bullet">
/// <item>Without a positive label, the values must be one binary coding: 1/0 (any number spelling: 1.0/0.0),
/// true/false, yes/no (case-insensitive, mixed spellings allowed), or -1/1 with -1 the negative class (the
/// coding of older toolkits; a note names it). 1, true and yes are positive. A column with only negative values
/// (only 0, or only -1) is all-negative; 0 and -1 together are refused as ambiguous.</item>
/// <item>With a positive label V: every value equal to V as text or as a number ("1" = "1.0") is positive and
/// every other value negative. When no value equals V, the column is accepted as all-negative only if V and the
/// values form one recognised coding with V alone on its side (only -1 or only 0 with V = 1, only 1 with V = 0,
/// only "no" with V = "yes"); otherwise V is probably misspelled ("yes" for "Yes") and it is an error listing the
/// values found.</item>
/// <item>V may be a comparison on a numeric label: "&gt;0", "&gt;=1", "&lt;1", "&lt;=0", "!=0".</item>
/// </list>
/// Errors are <see cref="VigilException.BadData"/> prefixed by the caller's <c>subject</c> (file and column).
/// </summary>
public static class LabelEncoding
{
    private static readonly string[] Operators = [">=", "<=", "!=", ">", "<"];

    /// <summary>Maps <paramref name="levels"/> (distinct non-missing values) to positive/negative.</summary>
    /// <param name="levels">The column's distinct non-missing values.</param>
    /// <param name="positiveLabel">The positive value or a comparison rule; null to recognise a binary coding.</param>
    /// <param name="subject">How errors name the column, e.g. "data.csv: column 'y' (label)".</param>
    public static LabelCoding Encode(IReadOnlyList<string> levels, string? positiveLabel, string subject)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (positiveLabel is null) return Recognise(levels, subject);
        if (TryComparison(positiveLabel, out var op, out var threshold)) return Compare(levels, op, threshold, subject);
        return Named(levels, positiveLabel, subject);
    }

    /// <summary>True when the values are one binary coding this kernel recognises without a positive label.</summary>
    public static bool IsRecognisedBinary(IReadOnlyList<string> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return TryRecognise(levels, out _, out _);
    }

    private static LabelCoding Recognise(IReadOnlyList<string> levels, string subject)
    {
        if (!TryRecognise(levels, out var positive, out var minusOne))
            throw new VigilException(FailureKind.Data,
                $"{subject} is not binary (1/0, true/false, yes/no or -1/1): values found: {string.Join(", ", levels)}; " +
                "name the positive class with the positive-label option (every other value then counts as negative)")
            { Parameter = "positive_label" };
        var positiveAt = Array.IndexOf(positive, true);
        var negativeAt = Array.IndexOf(positive, false);
        var spelledPositive = positiveAt >= 0 ? levels[positiveAt] : "1";
        var spelledNegative = negativeAt >= 0 ? levels[negativeAt] : null;
        string? note = null;
        if (minusOne) note = $"'{spelledNegative}' is the negative class (the -1/1 coding)";
        if (positiveAt < 0) note = note is null ? "every value is negative" : note + "; every value is negative";
        return new LabelCoding(positive, spelledPositive, spelledNegative, minusOne ? $"= {spelledPositive} ({spelledNegative} negative)" : $"= {spelledPositive}", note);
    }

    /// <summary>Classifies every level as a positive or negative spelling; false when one is neither or 0 and -1 meet.</summary>
    private static bool TryRecognise(IReadOnlyList<string> levels, out bool[] positive, out bool minusOne)
    {
        positive = new bool[levels.Count];
        minusOne = false;
        var zero = false;
        for (var k = 0; k < levels.Count; k++)
        {
            var kind = Spelling(levels[k]);
            if (kind == Kind.Other) return false;
            positive[k] = kind == Kind.Positive;
            zero |= kind == Kind.Zero;
            minusOne |= kind == Kind.MinusOne;
        }
        return !(zero && minusOne);
    }

    private static LabelCoding Named(IReadOnlyList<string> levels, string positiveLabel, string subject)
    {
        var isNumber = TryNumber(positiveLabel, out var wanted);
        var positive = new bool[levels.Count];
        var at = -1;
        for (var k = 0; k < levels.Count; k++)
        {
            positive[k] = levels[k] == positiveLabel || (isNumber && TryNumber(levels[k], out var v) && v == wanted);
            if (positive[k] && at < 0) at = k;
        }
        if (at >= 0)
        {
            var negatives = levels.Where((_, k) => !positive[k]).ToArray();
            var note = negatives.Length > 1 ? $"'{levels[at]}' is positive; {string.Join(", ", negatives)} count as negative" : null;
            var minusOne = negatives.Length == 1 && Spelling(negatives[0]) == Kind.MinusOne;
            if (minusOne) note = $"'{negatives[0]}' is the negative class (the -1/1 coding)";
            return new LabelCoding(positive, levels[at], negatives.Length == 1 ? negatives[0] : null,
                minusOne ? $"= {levels[at]} ({negatives[0]} negative)" : $"= {levels[at]}", note);
        }
        // The positive value never occurs. All-negative is plausible only when the values and V form one binary
        // coding with V on the other side of every value (only -1 with V = 1, only 1 with V = 0); otherwise V is
        // more likely misspelled ("yes" for "Yes").
        var wantedKind = Spelling(positiveLabel);
        var allNegative = wantedKind != Kind.Other && levels.Count > 0 && TryRecognise([.. levels, positiveLabel], out _, out _);
        for (var k = 0; k < levels.Count && allNegative; k++)
            allNegative = Spelling(levels[k]) != wantedKind;
        if (!allNegative)
            throw new VigilException(FailureKind.Data,
                $"{subject} never holds the positive label '{positiveLabel}'; values found: {string.Join(", ", levels)}")
            { Parameter = "positive_label" };
        var spelledNegative = levels[0];
        var minus = Spelling(spelledNegative) == Kind.MinusOne ? $"'{spelledNegative}' is the negative class (the -1/1 coding); " : "";
        return new LabelCoding(positive, positiveLabel, levels.Count == 1 ? spelledNegative : null,
            minus.Length > 0 ? $"= {positiveLabel} ({spelledNegative} negative)" : $"= {positiveLabel}",
            $"{minus}no value equals the positive label '{positiveLabel}': every value is negative");
    }

    private static LabelCoding Compare(IReadOnlyList<string> levels, string op, double threshold, string subject)
    {
        var positive = new bool[levels.Count];
        for (var k = 0; k < levels.Count; k++)
        {
            if (!TryNumber(levels[k], out var v))
                throw new VigilException(FailureKind.Data,
                    $"{subject}: '{levels[k]}' is not a number, so the positive-label rule '{op}{threshold.ToString("R", CultureInfo.InvariantCulture)}' cannot apply")
                { Parameter = "positive_label" };
            positive[k] = op switch
            {
                ">" => v > threshold,
                ">=" => v >= threshold,
                "<" => v < threshold,
                "<=" => v <= threshold,
                _ => v != threshold,
            };
        }
        var rule = $"{op} {threshold.ToString("R", CultureInfo.InvariantCulture)}";
        var at = Array.IndexOf(positive, true);
        return new LabelCoding(positive, at >= 0 ? levels[at] : rule, null, rule, null);
    }

    /// <summary>
    /// A comparison rule such as "&gt;0": true with its operator and threshold; false for a plain value; a
    /// <see cref="VigilException.Option"/> when the operator is not followed by a number.
    /// </summary>
    public static bool TryComparison(string text, out string op, out double threshold)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var candidate in Operators)
        {
            if (!text.StartsWith(candidate, StringComparison.Ordinal)) continue;
            op = candidate;
            if (!TryNumber(text[candidate.Length..].Trim(), out threshold))
                throw VigilException.Option("positive_label", $"'{text}': expected a number after '{candidate}'");
            return true;
        }
        op = "";
        threshold = 0;
        return false;
    }

    private enum Kind { Other, Positive, Zero, MinusOne, Negative }

    /// <summary>1 / true / yes are positive; 0, -1 and false / no negative (words case-insensitive, numbers by value).</summary>
    private static Kind Spelling(string s)
    {
        if (TryNumber(s, out var v)) return v == 1 ? Kind.Positive : v == 0 ? Kind.Zero : v == -1 ? Kind.MinusOne : Kind.Other;
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase)) return Kind.Positive;
        if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("no", StringComparison.OrdinalIgnoreCase)) return Kind.Negative;
        return Kind.Other;
    }

    private static bool TryNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
