using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vigil.Models.Training;

/// <summary>A fitted pipeline with the schema of its inputs (the features only, no label).</summary>
public sealed class TrainedModel
{
    private readonly MLContext _ml;

    internal TrainedModel(MLContext ml, ITransformer transformer, DataViewSchema inputSchema)
    {
        _ml = ml;
        Transformer = transformer;
        InputSchema = inputSchema;
    }

    public ITransformer Transformer { get; }

    public DataViewSchema InputSchema { get; }

    /// <summary>Fits <paramref name="kind"/> on the rows <paramref name="rows"/> (null = all) of a labelled table.</summary>
    public static TrainedModel Fit(ModelTable table, int[]? rows, ModelKind kind, int seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        var ml = new MLContext(seed);
        var hasMissing = new bool[table.Features.Count];
        for (var k = 0; k < hasMissing.Length; k++)
            hasMissing[k] = table.Features[k].Kind == FeatureKind.Numeric && AnyMissing(table.Features[k].Numeric!, rows);
        var pipeline = ModelPipeline.Build(ml, table.Features, hasMissing, kind, seed);
        var transformer = pipeline.Fit(new ColumnarDataView(table, rows, withLabel: true));
        return new TrainedModel(ml, transformer, ColumnarDataView.BuildSchema(table.Features, withLabel: false));
    }

    /// <summary>The probability of the positive class for the rows <paramref name="rows"/> (null = all), in order.</summary>
    public double[] Score(ModelTable table, int[]? rows = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ScoreView(_ml, Transformer, new ColumnarDataView(table, rows, withLabel: false));
    }

    internal static double[] ScoreView(MLContext ml, ITransformer transformer, IDataView view)
    {
        _ = ml;
        var scored = transformer.Transform(view);
        var column = scored.Schema[ModelPipeline.ProbabilityColumn];
        var result = new double[(int)(view.GetRowCount() ?? 0)];
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        var value = 0f;
        var i = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result[i++] = value;
        }
        return result;
    }

    /// <summary>Saves the ML.NET model (zip) with its feature-only input schema.</summary>
    public void SaveZip(Stream stream) => _ml.Model.Save(Transformer, InputSchema, stream);

    /// <summary>
    /// Exports the model to ONNX with ML.NET's OnnxConverter, using <paramref name="sample"/> for the input schema.
    /// Returns null and the converter's message when it cannot export this pipeline.
    /// </summary>
    public (byte[]? Onnx, string? Error) ExportOnnx(ModelTable sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        try
        {
            using var stream = new MemoryStream();
            _ml.Model.ConvertToOnnx(Transformer, new ColumnarDataView(sample, null, withLabel: false), stream);
            return (stream.ToArray(), null);
        }
#pragma warning disable CA1031 // any converter failure is reported in train.json, not fatal
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static bool AnyMissing(float[] values, int[]? rows)
    {
        if (rows is null)
        {
            foreach (var v in values)
                if (float.IsNaN(v)) return true;
            return false;
        }
        foreach (var r in rows)
            if (float.IsNaN(values[r])) return true;
        return false;
    }
}
