using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vigil.Models.Learners;

/// <summary>
/// Exposes a <see cref="FeatureMatrix"/> with labels and weights to ML.NET as an <see cref="IDataView"/> with a
/// fixed-size <c>Features</c> vector column (size = matrix columns), a Boolean <c>Label</c> and a single-precision
/// <c>Weight</c>. Rows are streamed: each cursor owns one row buffer that is refilled in place (ML.NET copies the
/// vector into its own <c>VBuffer</c>), so nothing is allocated per row.
/// </summary>
internal static class MatrixDataView
{
    public const string FeaturesColumn = nameof(Row.Features);
    public const string LabelColumn = nameof(Row.Label);
    public const string WeightColumn = nameof(Row.Weight);

    public static IDataView Create(MLContext ml, FeatureMatrix x, bool[]? labels, float[]? weights)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, x.Columns);
        return ml.Data.LoadFromEnumerable(new Rows(x, labels, weights), schema);
    }

    /// <summary>One row as ML.NET reads it (public fields/properties for its reflection-based binding).</summary>
    internal sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; } = 1f;
    }

    /// <summary>A re-enumerable sequence; every enumeration gets its own row buffer.</summary>
    private sealed class Rows(FeatureMatrix x, bool[]? labels, float[]? weights) : IEnumerable<Row>
    {
        public IEnumerator<Row> GetEnumerator()
        {
            var row = new Row { Features = new float[x.Columns] };
            for (var i = 0; i < x.Rows; i++)
            {
                x.Row(i).CopyTo(row.Features);
                row.Label = labels is not null && labels[i];
                row.Weight = weights is null ? 1f : weights[i];
                yield return row;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
