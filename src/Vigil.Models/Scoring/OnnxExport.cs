using System.Globalization;
using Vigil.Core;
using Vigil.Models.Training;

namespace Vigil.Models.Scoring;

/// <summary>The outcome of an ONNX export: the model bytes when usable, else why not.</summary>
/// <param name="Onnx">The verified ONNX model, or null.</param>
/// <param name="Error">Why there is no usable ONNX model (converter failure, ONNX Runtime cannot load it, or its scores disagree).</param>
/// <param name="MaxAbsDifference">max |ONNX − ML.NET| over the verification rows, when it could be computed.</param>
/// <param name="CheckedRows">Rows scored by both.</param>
public sealed record OnnxExportResult(byte[]? Onnx, string? Error, double? MaxAbsDifference, int CheckedRows);

/// <summary>
/// Exports a fitted pipeline to ONNX with ML.NET's OnnxConverter and verifies it before anyone relies on it: the bytes
/// are loaded into ONNX Runtime and the first <see cref="VerificationRows"/> rows are scored by both; the export counts
/// only when every score agrees within <see cref="Tolerance"/>. (Converter output can load-fail in ONNX Runtime: e.g.
/// LightGBM ensembles on the diabetes data give tree nodes with feature id −1.)
/// </summary>
public static class OnnxExport
{
    public const int VerificationRows = 2000;
    public const double Tolerance = 1e-5;

    public static OnnxExportResult ExportVerified(TrainedModel model, ModelTable table)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        var (onnx, error) = model.ExportOnnx(table);
        if (onnx is null) return new OnnxExportResult(null, $"ML.NET OnnxConverter failed: {error}", null, 0);
        var rows = new int[Math.Min(table.Rows, VerificationRows)];
        for (var i = 0; i < rows.Length; i++) rows[i] = i;
        var sample = table.Subset(rows);
        try
        {
            using var runtime = ScoringModel.OpenOnnx(onnx, "model.onnx");
            var expected = model.Score(sample);
            var got = runtime.Score(sample);
            var max = 0.0;
            for (var i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - got[i]));
            if (!(max <= Tolerance))
            {
                return new OnnxExportResult(null, string.Create(CultureInfo.InvariantCulture,
                    $"the exported ONNX model's scores differ from ML.NET's by up to {max:G3} on the first {rows.Length} rows (tolerance {Tolerance:G1})"),
                    max, rows.Length);
            }
            return new OnnxExportResult(onnx, null, max, rows.Length);
        }
        catch (VigilException e)
        {
            return new OnnxExportResult(null, $"ONNX Runtime rejects the converter's output: {e.Message}", null, 0);
        }
    }
}
