namespace Vigil.Core.Estimation;

/// <summary>
/// One protected attribute or intersection as group codes of both files: <see cref="Levels"/>[k] names group k, and
/// a row's code is its group (−1: a missing attribute, no group). Both files use the same level list.
/// </summary>
/// <param name="Name">"sex" or "sex*race".</param>
/// <param name="Columns">The attribute columns.</param>
/// <param name="Levels">Group names.</param>
/// <param name="ReferenceCodes">Group code per reference row.</param>
/// <param name="CurrentCodes">Group code per current row.</param>
public sealed record EstimationGrouping(string Name, IReadOnlyList<string> Columns, string[] Levels, int[] ReferenceCodes, int[] CurrentCodes);
