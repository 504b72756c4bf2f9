using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Vigil.Core;
using Vigil.Models.Training;

namespace Vigil.Models.Scoring;

/// <summary>A model input: its name and whether it takes numbers (float32) or text.</summary>
public sealed record ModelInput(string Name, FeatureKind Kind);

/// <summary>
/// A saved model opened for scoring: an ML.NET model zip (scored by ML.NET; probability = its "Probability" column)
/// or an ONNX model (scored by ONNX Runtime directly: each input fed by name as an [n, 1] tensor of float or string,
/// the probability read from the output named "Probability…", as ML.NET's OnnxConverter names it). The kind follows
/// the file's bytes, not its name: a zip starts with "PK\x03\x04"; anything else must load as ONNX.
/// </summary>
public abstract class ScoringModel : IDisposable
{
    protected ScoringModel(string path, IReadOnlyList<ModelInput> inputs)
    {
        Path = path;
        Inputs = inputs;
    }

    public string Path { get; }

    /// <summary>"mlnet" or "onnx".</summary>
    public abstract string Format { get; }

    /// <summary>The inputs the model needs, in its order.</summary>
    public IReadOnlyList<ModelInput> Inputs { get; }

    /// <summary>Probabilities of the positive class for every row of <paramref name="table"/> (features in <see cref="Inputs"/> order).</summary>
    public abstract double[] Score(ModelTable table);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Opens a model file; a file that is neither kind fails with a message naming it.</summary>
    public static ScoringModel Open(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw VigilException.Option("model", "no model file given");
        if (!File.Exists(path)) throw VigilException.BadData($"{path}: no such model file");
        var head = new byte[4];
        int got;
        using (var f = File.OpenRead(path)) got = f.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        var isZip = got == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        return isZip ? MlNetModel.Load(path) : OnnxModel.Load(path);
    }

    /// <summary>Opens ONNX bytes held in memory (<paramref name="name"/> is used in messages).</summary>
    public static ScoringModel OpenOnnx(byte[] bytes, string name) => OnnxModel.Load(name, bytes);

    /// <summary>The first line of a native error, without ONNX Runtime's C++ template signature, at most 300 characters.</summary>
    private static string Shorten(string message)
    {
        var line = message.Split('\n')[0];
        var at = line.IndexOf(" [with ", StringComparison.Ordinal);
        if (at > 0)
        {
            var depth = 0;
            for (var j = at + 1; j < line.Length; j++)
            {
                if (line[j] == '[') depth++;
                else if (line[j] == ']' && --depth == 0)
                {
                    var head = line[..at];
                    var source = head.IndexOf(": /", StringComparison.Ordinal);
                    line = (source > 0 ? head[..source] : head) + ":" + line[(j + 1)..];
                    break;
                }
            }
        }
        return line.Length <= 300 ? line : line[..297] + "...";
    }

    private sealed class MlNetModel(string path, IReadOnlyList<ModelInput> inputs, MLContext ml, ITransformer transformer)
        : ScoringModel(path, inputs)
    {
        public override string Format => "mlnet";

        public static MlNetModel Load(string path)
        {
            var ml = new MLContext(0);
            ITransformer transformer;
            DataViewSchema schema;
            try
            {
                transformer = ml.Model.Load(path, out schema);
            }
#pragma warning disable CA1031 // any load failure means "not an ML.NET model"
            catch (Exception e)
#pragma warning restore CA1031
            {
                throw VigilException.BadData($"{path}: a zip file but not an ML.NET model ({e.Message.Split('\n')[0]}); expected an ML.NET model zip or an ONNX file");
            }
            if (schema is null)
                throw VigilException.BadData($"{path}: the ML.NET model was saved without its input schema; re-save it with one");
            var inputs = new List<ModelInput>();
            foreach (var c in schema)
            {
                if (c.IsHidden) continue;
                if (c.Type == NumberDataViewType.Single) inputs.Add(new ModelInput(c.Name, FeatureKind.Numeric));
                else if (c.Type is TextDataViewType) inputs.Add(new ModelInput(c.Name, FeatureKind.Categorical));
                else if (c.Name != ColumnarDataView.LabelColumn)
                    throw VigilException.BadData($"{path}: model input '{c.Name}' has type {c.Type}; vigil feeds only Single and Text inputs");
            }
            return new MlNetModel(path, inputs, ml, transformer);
        }

        public override double[] Score(ModelTable table)
        {
            ArgumentNullException.ThrowIfNull(table);
            return TrainedModel.ScoreView(ml, transformer, new ColumnarDataView(table, null, withLabel: false));
        }
    }

    private sealed class OnnxModel(string path, IReadOnlyList<ModelInput> inputs, InferenceSession session, string output)
        : ScoringModel(path, inputs)
    {
        public override string Format => "onnx";

        public static OnnxModel Load(string path, byte[]? bytes = null)
        {
            InferenceSession session;
            // ONNX Runtime's own log stays quiet (its shape-merge warnings on ML.NET exports are harmless, and a load
            // failure is reported below in one line).
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            try
            {
                session = bytes is null ? new InferenceSession(path, options) : new InferenceSession(bytes, options);
            }
            catch (OnnxRuntimeException e)
            {
                throw VigilException.BadData(
                    $"{path}: neither an ML.NET model zip nor a loadable ONNX model ({Shorten(e.Message)})");
            }
            try
            {
                var inputs = new List<ModelInput>();
                foreach (var (name, meta) in session.InputMetadata)
                {
                    if (meta.ElementType == typeof(float)) inputs.Add(new ModelInput(name, FeatureKind.Numeric));
                    else if (meta.ElementType == typeof(string)) inputs.Add(new ModelInput(name, FeatureKind.Categorical));
                    else
                        throw VigilException.BadData($"{path}: ONNX input '{name}' has element type {meta.ElementType.Name}; vigil feeds only float and string inputs");
                }
                var output = session.OutputMetadata.Keys.FirstOrDefault(k => k.StartsWith(ModelPipeline.ProbabilityColumn, StringComparison.Ordinal))
                             ?? throw VigilException.BadData(
                                 $"{path}: the ONNX model has no output named Probability*; outputs: {string.Join(", ", session.OutputMetadata.Keys)}");
                return new OnnxModel(path, inputs, session, output);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        public override double[] Score(ModelTable table)
        {
            ArgumentNullException.ThrowIfNull(table);
            var n = table.Rows;
            var shape = new long[] { n, 1 };
            var names = new string[Inputs.Count];
            var values = new OrtValue[Inputs.Count];
            try
            {
                for (var k = 0; k < Inputs.Count; k++)
                {
                    names[k] = Inputs[k].Name;
                    var f = table.Features[k];
                    if (f.Kind == FeatureKind.Numeric)
                    {
                        values[k] = OrtValue.CreateTensorValueFromMemory(f.Numeric!, shape);
                    }
                    else
                    {
                        values[k] = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
                        var text = f.Text!;
                        for (var i = 0; i < n; i++) values[k].StringTensorSetElementAt(text[i].Span, i);
                    }
                }
                using var options = new RunOptions();
                using var results = session.Run(options, names, values, [output]);
                var probabilities = results[0].GetTensorDataAsSpan<float>();
                if (probabilities.Length != n)
                    throw VigilException.BadData($"{Path}: output '{output}' has {probabilities.Length} values for {n} rows");
                var scores = new double[n];
                for (var i = 0; i < n; i++) scores[i] = probabilities[i];
                return scores;
            }
            finally
            {
                foreach (var v in values) v?.Dispose();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) session.Dispose();
            base.Dispose(disposing);
        }
    }
}
