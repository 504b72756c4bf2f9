using Vigil.Application.Monitoring;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Monitoring.Client;

/// <summary>The pushed files: CSV, NDJSON and JSON arrays read into the contract's events, malformed rows named.</summary>
public sealed class EventFileReaderTests
{
    private static readonly PredictionColumns SepsisColumns = new(["sex", "age"], ["lactate", "heart_rate"]);

    private static async Task<List<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var i in items) list.Add(i);
        return list;
    }

    [Fact]
    public async Task A_predictions_csv_maps_fixed_protected_and_feature_columns()
    {
        using var dir = new TempDir();
        var path = dir.File("p.csv",
            "event_id,model,model_version,time,encounter,patient,site,unit,sex,age,lactate,heart_rate,score,alert,suggestion,extra\n" +
            "e1,sepsis,1.0,2026-03-01T10:00:00Z,enc1,pat1,north,icu,F,67,2.5,101,0.81,1,\"bundle, early\",x\n" +
            "\n" +
            "e2,sepsis,1.0,2026-03-01 11:30,enc2,pat2,,,M,40,,88,0.2,no,,y\n");
        var notes = new List<string>();
        var events = await All(EventFileReader.Predictions(path, SepsisColumns, notes.Add));

        Assert.Equal(2, events.Count);
        var a = events[0];
        Assert.Equal(("e1", "sepsis", "1.0", "enc1", "pat1", "north", "icu"), (a.EventId, a.Model, a.ModelVersion, a.Encounter, a.Patient, a.Site, a.Unit));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), a.Time);
        Assert.Equal("F", a.Protected["sex"]);
        Assert.Equal("67", a.Protected["age"]);
        Assert.Equal(2.5, a.Features!["lactate"]);
        Assert.Equal(0.81, a.Score);
        Assert.True(a.Alert);
        Assert.Equal("bundle, early", a.Suggestion);

        var b = events[1];
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 30, 0, TimeSpan.Zero), b.Time); // no offset: UTC
        Assert.Null(b.Site);
        Assert.Null(b.Features!["lactate"]); // empty: missing, not 0
        Assert.False(b.Alert);
        Assert.Contains(notes, n => n.Contains("extra", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_alert_column_the_registration_threshold_decides_and_defaults_fill_the_model()
    {
        using var dir = new TempDir();
        var path = dir.File("p.csv", "event_id,time,encounter,patient,sex,age,score\ne1,2026-03-01T10:00:00Z,enc1,pat1,F,50,0.5\ne2,2026-03-01T10:00:00Z,enc2,pat2,F,50,0.49\n");
        var events = await All(EventFileReader.Predictions(path, new PredictionColumns(["sex", "age"], [], "sepsis", "2", 0.5)));
        Assert.Equal([true, false], events.Select(e => e.Alert));
        Assert.All(events, e => Assert.Equal(("sepsis", "2"), (e.Model, e.ModelVersion)));
    }

    [Fact]
    public async Task A_bad_score_is_named_with_its_line_and_field()
    {
        using var dir = new TempDir();
        var path = dir.File("p.csv", "event_id,model,model_version,time,encounter,patient,sex,age,score,alert\ne1,m,1,2026-03-01T10:00:00Z,enc1,pat1,F,50,0.5,1\ne2,m,1,2026-03-01T10:00:00Z,enc2,pat2,F,50,high,1\n");
        var e = await Assert.ThrowsAsync<VigilException>(() => All(EventFileReader.Predictions(path, new PredictionColumns(["sex", "age"], []))));
        Assert.Equal(FailureKind.Data, e.Kind);
        Assert.Contains("line 3: score 'high': expected a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_protected_column_is_named()
    {
        using var dir = new TempDir();
        var path = dir.File("p.csv", "event_id,model,model_version,time,encounter,patient,sex,score,alert\ne1,m,1,2026-03-01T10:00:00Z,enc1,pat1,F,0.5,1\n");
        var e = await Assert.ThrowsAsync<VigilException>(() => All(EventFileReader.Predictions(path, new PredictionColumns(["sex", "age"], []))));
        Assert.Contains("no column age (a protected attribute", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ndjson_and_a_json_array_give_the_same_events()
    {
        using var dir = new TempDir();
        const string one = """{"event_id":"o1","encounter":"enc1","kind":"sepsis_onset","time":"2026-03-02T04:00:00Z"}""";
        const string two = """{"event_id":"o2","encounter":"enc2","kind":"transfer_out","time":"2026-03-02T05:00:00+01:00"}""";
        var nd = await All(EventFileReader.Outcomes(dir.File("o.ndjson", one + "\n\n" + two + "\n")));
        var arr = await All(EventFileReader.Outcomes(dir.File("o.json", "[\n" + one + ",\n" + two + "\n]")));
        Assert.Equal(nd, arr);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero), nd[1].Time.ToUniversalTime());
        Assert.Equal(EventFileFormat.Ndjson, EventFileReader.Detect(dir.Combine("o.ndjson")));
        Assert.Equal(EventFileFormat.JsonArray, EventFileReader.Detect(dir.Combine("o.json")));
    }

    [Fact]
    public async Task A_json_event_without_a_required_field_is_named()
    {
        using var dir = new TempDir();
        var path = dir.File("o.ndjson", """{"event_id":"o1","encounter":"enc1","time":"2026-03-02T04:00:00Z"}""" + "\n");
        var e = await Assert.ThrowsAsync<VigilException>(() => All(EventFileReader.Outcomes(path)));
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("kind", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_and_outcomes_csv_are_read()
    {
        using var dir = new TempDir();
        var actions = await All(EventFileReader.Actions(dir.File("a.csv",
            "event_id;prediction_id;time;action;reason;seconds_to_action\na1;e1;2026-03-01T10:05:00Z;Overridden;not septic;300\na2;e2;2026-03-01T10:06:00Z;accepted;;\n")));
        Assert.Equal(new ActionEvent("a1", "e1", new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero), ClinicianAction.Overridden, "not septic", 300), actions[0]);
        Assert.Equal(ClinicianAction.Accepted, actions[1].Action);
        Assert.Null(actions[1].SecondsToAction);

        var bad = dir.File("b.csv", "event_id,prediction_id,time,action\na1,e1,2026-03-01T10:05:00Z,snoozed\n");
        var e = await Assert.ThrowsAsync<VigilException>(() => All(EventFileReader.Actions(bad)));
        Assert.Contains("action 'snoozed': expected accepted, overridden or ignored", e.Message, StringComparison.Ordinal);

        var outcomes = await All(EventFileReader.Outcomes(dir.File("o.csv", "event_id,encounter,kind,time\no1,enc1,sepsis_onset,2026-03-02T04:00:00Z\n")));
        Assert.Equal(new OutcomeEvent("o1", "enc1", "sepsis_onset", new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero)), outcomes[0]);
    }

    [Fact]
    public void A_quoted_field_may_hold_a_line_break_and_doubled_quotes()
    {
        var csv = new CsvRecordReader(new StringReader("a,b\n\"x\ny\",\"say \"\"hi\"\"\"\n3,4"), "t.csv");
        Assert.Equal(["a", "b"], csv.ReadHeader()!);
        Assert.Equal(["x\ny", "say \"hi\""], csv.Read()!);
        Assert.Equal(["3", "4"], csv.Read()!);
        Assert.Equal(4, csv.RecordLine);
        Assert.Null(csv.Read());
    }
}
