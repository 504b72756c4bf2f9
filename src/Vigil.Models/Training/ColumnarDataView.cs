using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vigil.Models.Training;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over the arrays of a <see cref="ModelTable"/> (optionally a subset of its rows),
/// without copying: numeric features as Single, categorical ones as Text, and the label (when asked for) as Boolean
/// column "Label". Rows come in table order; one cursor at a time (no shuffling, no parallel cursors).
/// </summary>
internal sealed class ColumnarDataView : IDataView
{
    public const string LabelColumn = "Label";

    private readonly ModelTable _table;
    private readonly int[]? _rows;
    private readonly bool _withLabel;

    public ColumnarDataView(ModelTable table, int[]? rows, bool withLabel)
    {
        _table = table;
        _rows = rows;
        _withLabel = withLabel && table.Label is not null;
        Schema = BuildSchema(table.Features, _withLabel);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public int Count => _rows?.Length ?? _table.Rows;

    /// <summary>The schema of the model inputs: each feature with its type, in order (plus the label when asked).</summary>
    public static DataViewSchema BuildSchema(IReadOnlyList<FeatureColumn> features, bool withLabel)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var f in features)
            builder.AddColumn(f.Name, f.Kind == FeatureKind.Numeric ? NumberDataViewType.Single : TextDataViewType.Instance);
        if (withLabel) builder.AddColumn(LabelColumn, BooleanDataViewType.Instance);
        return builder.ToSchema();
    }

    public long? GetRowCount() => Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(ColumnarDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        private int Row => view._rows is null ? (int)_position : view._rows[(int)_position];

        public override bool MoveNext()
        {
            if (_position + 1 < view.Count)
            {
                _position++;
                return true;
            }
            _position = view.Count;
            return false;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var features = view._table.Features;
            if (column.Index < features.Count)
            {
                var f = features[column.Index];
                if (f.Kind == FeatureKind.Numeric)
                {
                    var values = f.Numeric!;
                    ValueGetter<float> g = (ref float value) => value = values[Row];
                    return (ValueGetter<TValue>)(Delegate)g;
                }
                var text = f.Text!;
                ValueGetter<ReadOnlyMemory<char>> t = (ref ReadOnlyMemory<char> value) => value = text[Row];
                return (ValueGetter<TValue>)(Delegate)t;
            }
            var label = view._table.Label!;
            ValueGetter<bool> l = (ref bool value) => value = label[Row];
            return (ValueGetter<TValue>)(Delegate)l;
        }
    }
}
