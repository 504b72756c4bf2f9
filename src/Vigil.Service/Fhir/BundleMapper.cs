using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Service.Ingest;

namespace Vigil.Service.Fhir;

/// <summary>
/// Turns a FHIR Bundle of RiskAssessment (with their Patient, Encounter and basis Observations) into prediction
/// events of the ordinary ingest contract (<see cref="PredictionEvent"/>, snake_case JSON), so that FHIR predictions
/// take exactly the JSON ingest path: the same validation, pseudonyms at the edge and idempotency by event id. Every
/// event field remembers the FHIR element it came from, so an ingest error ("[2].score") is reported at that element
/// ("Bundle.entry[4].resource.prediction[0].probabilityDecimal"). Mapping rules: docs/fhir.md.
/// </summary>
internal sealed class BundleMapper
{
    private readonly Dictionary<string, (Resource Resource, int Entry)> _byKey = new(StringComparer.Ordinal);
    private readonly ValidationErrors _errors;

    private BundleMapper(ValidationErrors errors) => _errors = errors;

    /// <summary>The events as a JSON array and, per event, field path → FHIR location; errors go to <paramref name="errors"/>.</summary>
    public static async Task<(byte[] Events, List<Dictionary<string, string>> Locations)> MapAsync(
        Bundle bundle, IMonitorStore store, ValidationErrors errors, CancellationToken ct)
    {
        var mapper = new BundleMapper(errors);
        return await mapper.RunAsync(bundle, store, ct);
    }

    private async Task<(byte[] Events, List<Dictionary<string, string>> Locations)> RunAsync(Bundle bundle, IMonitorStore store, CancellationToken ct)
    {
        if (bundle.Type is not (Bundle.BundleType.Transaction or Bundle.BundleType.Collection))
            _errors.Add("Bundle.type", $"expected 'transaction' or 'collection', found {(bundle.Type is null ? "none" : "'" + Hl7.Fhir.Utility.EnumUtility.GetLiteral(bundle.Type) + "'")}");
        var assessments = new List<(RiskAssessment Resource, int Entry)>();
        for (var k = 0; k < bundle.Entry.Count; k++)
        {
            var entry = bundle.Entry[k];
            switch (entry.Resource)
            {
                case null:
                    _errors.Add($"Bundle.entry[{k}].resource", "missing; expected a RiskAssessment, Patient, Encounter or Observation");
                    continue;
                case RiskAssessment ra:
                    assessments.Add((ra, k));
                    break;
                case Patient or Encounter or Observation:
                    break;
                default:
                    _errors.Add($"Bundle.entry[{k}].resource", $"expected a RiskAssessment, Patient, Encounter or Observation, found {entry.Resource.TypeName}");
                    continue;
            }
            if (!string.IsNullOrEmpty(entry.FullUrl)) _byKey.TryAdd(entry.FullUrl, (entry.Resource, k));
            if (!string.IsNullOrEmpty(entry.Resource.Id)) _byKey.TryAdd(entry.Resource.TypeName + "/" + entry.Resource.Id, (entry.Resource, k));
        }
        if (assessments.Count == 0 && !_errors.Any)
            _errors.Add("Bundle.entry", "no RiskAssessment; expected at least one RiskAssessment with its Patient and Encounter");

        var buffer = new ArrayBufferWriter<byte>();
        var locations = new List<Dictionary<string, string>>(assessments.Count);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var (ra, k) in assessments)
            {
                var at = new Dictionary<string, string>(StringComparer.Ordinal);
                locations.Add(at);
                await WriteEventAsync(w, ra, $"Bundle.entry[{k}].resource", at, store, ct);
            }
            w.WriteEndArray();
        }
        return (buffer.WrittenSpan.ToArray(), locations);
    }

    private async Task WriteEventAsync(Utf8JsonWriter w, RiskAssessment ra, string b, Dictionary<string, string> at, IMonitorStore store, CancellationToken ct)
    {
        w.WriteStartObject();
        at[""] = b;

        // event id: the first identifier's value, else the resource id
        at["event_id"] = ra.Identifier.Count > 0 ? b + ".identifier[0].value" : b + ".id";
        var eventId = ra.Identifier.Count > 0 ? ra.Identifier[0].Value : ra.Id;
        if (string.IsNullOrEmpty(eventId))
            _errors.Add(b + ".identifier", "missing; the prediction's event id is the first identifier's value (or the resource id): ingest is idempotent by it");
        else w.WriteString("event_id", eventId);

        // model and version: method.coding of the model system
        at["model"] = at["model_version"] = b + ".method";
        var coding = ra.Method?.Coding.FirstOrDefault(c => c.System == FhirConventions.ModelSystem);
        ModelRegistration? registration = null;
        if (coding is null || string.IsNullOrEmpty(coding.Code))
            _errors.Add(b + ".method", $"expected a coding with system '{FhirConventions.ModelSystem}' whose code is the registered model id (version: its version)");
        else
        {
            registration = await store.GetModelAsync(coding.Code, string.IsNullOrEmpty(coding.Version) ? null : coding.Version, ct);
            if (registration is null)
                _errors.Add(b + ".method", coding.Version is null
                    ? $"model '{coding.Code}' is not registered (POST /v1/models first)"
                    : $"model '{coding.Code}' version '{coding.Version}' is not registered (POST /v1/models first)");
            w.WriteString("model", coding.Code);
            w.WriteString("model_version", registration?.Version ?? coding.Version ?? "");
        }

        at["time"] = b + ".occurrenceDateTime";
        switch (ra.Occurrence)
        {
            case FhirDateTime t when !string.IsNullOrEmpty(t.Value):
                w.WriteString("time", t.Value);
                break;
            case null:
                _errors.Add(b + ".occurrenceDateTime", "missing; expected when the prediction was made (a dateTime with a time zone)");
                break;
            default:
                _errors.Add(b + ".occurrence", "expected occurrenceDateTime (a dateTime with a time zone), not a Period");
                break;
        }

        var patient = Resolve<Patient>(ra.Subject, b + ".subject", "Patient");
        var encounter = Resolve<Encounter>(ra.Encounter, b + ".encounter", "Encounter");
        at["patient"] = b + ".subject";
        at["encounter"] = b + ".encounter";
        if (patient is { } p)
        {
            var id = p.Resource.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value))?.Value ?? p.Resource.Id;
            if (string.IsNullOrEmpty(id)) _errors.Add($"Bundle.entry[{p.Entry}].resource.identifier", "missing; the patient needs an identifier (or id) to be pseudonymised");
            else w.WriteString("patient", id);
        }
        if (encounter is { } e)
        {
            var id = e.Resource.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value))?.Value ?? e.Resource.Id;
            if (string.IsNullOrEmpty(id)) _errors.Add($"Bundle.entry[{e.Entry}].resource.identifier", "missing; the encounter needs an identifier (or id) to be pseudonymised");
            else w.WriteString("encounter", id);
            var eb = $"Bundle.entry[{e.Entry}].resource";
            if (ReferenceName(e.Resource.ServiceProvider) is { } site)
            {
                w.WriteString("site", site);
                at["site"] = eb + ".serviceProvider";
            }
            if (e.Resource.Location.Count > 0 && ReferenceName(e.Resource.Location[0].Location) is { } unit)
            {
                w.WriteString("unit", unit);
                at["unit"] = eb + ".location[0].location";
            }
        }

        // score and alert: the first prediction
        var pb = b + ".prediction[0]";
        at["score"] = pb + ".probabilityDecimal";
        at["alert"] = pb + ".qualitativeRisk";
        var prediction = ra.Prediction.Count > 0 ? ra.Prediction[0] : null;
        if (prediction is null) _errors.Add(b + ".prediction", "missing; expected one prediction with probabilityDecimal (the score in [0, 1])");
        else
        {
            switch (prediction.Probability)
            {
                case FhirDecimal { Value: { } score }:
                    w.WriteNumber("score", score);
                    break;
                case null:
                    _errors.Add(pb + ".probabilityDecimal", "missing; expected the model's score in [0, 1]");
                    break;
                default:
                    _errors.Add(pb + ".probability", "expected probabilityDecimal (the score in [0, 1]), not a Range");
                    break;
            }
            if (Alert(prediction.QualitativeRisk, pb + ".qualitativeRisk") is { } alert) w.WriteBoolean("alert", alert);
            else if (prediction.QualitativeRisk is null && registration is not null && prediction.Probability is FhirDecimal { Value: { } s })
                w.WriteBoolean("alert", (double)s >= registration.Threshold);
        }
        if (!string.IsNullOrEmpty(ra.Mitigation))
        {
            w.WriteString("suggestion", ra.Mitigation);
            at["suggestion"] = b + ".mitigation";
        }

        if (registration is not null)
        {
            WriteProtected(w, registration, patient, ra, at);
            WriteFeatures(w, registration, ra, b, at);
        }
        w.WriteEndObject();
    }

    /// <summary>qualitativeRisk: risk-probability "high"/"certain" → alert, "negligible"/"low"/"moderate" → no alert; absent → null (the registration's threshold decides).</summary>
    private bool? Alert(CodeableConcept? risk, string location)
    {
        if (risk is null) return null;
        var code = risk.Coding.FirstOrDefault(c => c.System == FhirConventions.RiskProbabilitySystem)?.Code;
        bool? alert = code switch
        {
            "high" or "certain" => true,
            "negligible" or "low" or "moderate" => false,
            _ => null,
        };
        if (alert is null)
            _errors.Add(location, $"expected a coding of {FhirConventions.RiskProbabilitySystem} (high or certain: the alert fired; negligible, low or moderate: it did not), or no qualitativeRisk (the registration's threshold decides)");
        return alert;
    }

    private void WriteProtected(Utf8JsonWriter w, ModelRegistration registration, (Patient Resource, int Entry)? patient, RiskAssessment ra, Dictionary<string, string> at)
    {
        w.WriteStartObject("protected");
        if (patient is { } p)
        {
            var pb = $"Bundle.entry[{p.Entry}].resource";
            var race = OmbCodes(p.Resource, FhirConventions.UsCoreRace);
            var ethnicity = OmbCodes(p.Resource, FhirConventions.UsCoreEthnicity);
            foreach (var spec in registration.Protected)
            {
                string? value = null;
                string location = pb;
                switch (spec.Name)
                {
                    case "age":
                        location = pb + ".birthDate";
                        value = Age(p.Resource.BirthDate, (ra.Occurrence as FhirDateTime)?.Value, location);
                        break;
                    case "sex":
                        location = pb + ".gender";
                        value = p.Resource.Gender is { } g ? FhirConventions.SexLevel(Hl7.Fhir.Utility.EnumUtility.GetLiteral(g)!) : null;
                        break;
                    case "gender":
                        location = pb + ".gender";
                        value = p.Resource.Gender is { } g2 && g2 != AdministrativeGender.Unknown ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(g2) : null;
                        break;
                    case "race":
                        location = pb + ".extension('" + FhirConventions.UsCoreRace + "')";
                        value = RaceOf(race);
                        break;
                    case "ethnicity":
                        location = pb + ".extension('" + FhirConventions.UsCoreEthnicity + "')";
                        value = ethnicity.Count > 0 ? FhirConventions.EthnicityLevel(ethnicity[0]) : null;
                        break;
                    case "race_ethnicity":
                        location = pb + ".extension";
                        value = ethnicity.Contains("2135-2") ? "hispanic" : RaceOf(race) is { } r && r is "white" or "black" or "asian" ? r : race.Count > 0 ? "other" : null;
                        break;
                }
                at["protected." + spec.Name] = location;
                if (value is not null) w.WriteString(spec.Name, value);
            }
        }
        w.WriteEndObject();
    }

    /// <summary>One OMB race category's level; several categories → "other" (as the simulator counts multiracial patients).</summary>
    private static string? RaceOf(List<string> codes) =>
        codes.Count switch
        {
            0 => null,
            1 => FhirConventions.RaceLevel(codes[0]),
            _ => "other",
        };

    /// <summary>The ombCategory codes of a US Core race or ethnicity extension.</summary>
    private static List<string> OmbCodes(Patient patient, string url)
    {
        var codes = new List<string>();
        foreach (var ext in patient.Extension)
        {
            if (ext.Url != url) continue;
            foreach (var sub in ext.Extension)
                if (sub.Url == "ombCategory" && sub.Value is Coding { Code: { } code }) codes.Add(code);
        }
        return codes;
    }

    /// <summary>
    /// Age in whole years at the prediction's date: full birth dates exactly; a partial one ("1958", "1958-04") is taken
    /// at its midpoint (1 July, the 15th), so an age near a band edge may be off by one (docs/fhir.md).
    /// </summary>
    private string? Age(string? birthDate, string? occurrence, string location)
    {
        if (string.IsNullOrEmpty(birthDate) || occurrence is null || occurrence.Length < 10) return null;
        var parts = birthDate.Split('-');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        var month = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 7;
        var day = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : parts.Length > 1 ? 15 : 1;
        if (!DateOnly.TryParseExact(occurrence[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on)) return null;
        var age = on.Year - year - (on.Month < month || (on.Month == month && on.Day < day) ? 1 : 0);
        if (age < 0)
        {
            _errors.Add(location, "the birth date is after the prediction's occurrenceDateTime");
            return null;
        }
        return age.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Watched features from the basis Observations (LOINC codes of <see cref="FhirConventions.FeatureLoinc"/>, valueQuantity.value).</summary>
    private void WriteFeatures(Utf8JsonWriter w, ModelRegistration registration, RiskAssessment ra, string b, Dictionary<string, string> at)
    {
        w.WriteStartObject("features");
        for (var i = 0; i < ra.Basis.Count; i++)
        {
            if (Resolve<Observation>(ra.Basis[i], $"{b}.basis[{i}]", "Observation", required: false) is not { } o) continue;
            foreach (var feature in registration.WatchedFeatures)
            {
                if (!FhirConventions.FeatureLoinc.TryGetValue(feature, out var codes)) continue;
                if (!o.Resource.Code.Coding.Any(c => c.System == FhirConventions.Loinc && c.Code is not null && codes.Contains(c.Code))) continue;
                if (o.Resource.Value is not Quantity { Value: { } v }) continue;
                w.WriteNumber(feature, v);
                at["features." + feature] = $"Bundle.entry[{o.Entry}].resource.valueQuantity.value";
            }
        }
        w.WriteEndObject();
    }

    /// <summary>A reference to a resource of this Bundle (by fullUrl, "Type/id", or an absolute URL ending in it); an error when it is not there.</summary>
    private (T Resource, int Entry)? Resolve<T>(ResourceReference? reference, string location, string type, bool required = true) where T : Resource
    {
        if (reference?.Reference is not { Length: > 0 } r)
        {
            if (required) _errors.Add(location, $"missing; expected a reference to the {type} in this Bundle");
            return null;
        }
        if (_byKey.TryGetValue(r, out var found) || TryTail(r, out found))
        {
            if (found.Resource is T typed) return (typed, found.Entry);
            _errors.Add(location, $"refers to a {found.Resource.TypeName}; expected a {type}");
            return null;
        }
        if (required) _errors.Add(location + ".reference", $"not found in this Bundle; the {type} must be an entry of the same Bundle (its fullUrl or {type}/id)");
        return null;
    }

    private bool TryTail(string reference, out (Resource Resource, int Entry) found)
    {
        found = default;
        var parts = reference.TrimEnd('/').Split('/');
        return parts.Length >= 2 && _byKey.TryGetValue(parts[^2] + "/" + parts[^1], out found);
    }

    /// <summary>A site's or unit's name from a reference: its identifier's value, else the referenced id, else its display.</summary>
    private static string? ReferenceName(ResourceReference? reference)
    {
        if (reference is null) return null;
        if (!string.IsNullOrEmpty(reference.Identifier?.Value)) return reference.Identifier.Value;
        if (!string.IsNullOrEmpty(reference.Reference))
        {
            var parts = reference.Reference.Split('/');
            return parts[^1];
        }
        return string.IsNullOrEmpty(reference.Display) ? null : reference.Display;
    }
}
