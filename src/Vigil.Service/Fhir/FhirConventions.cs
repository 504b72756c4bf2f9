namespace Vigil.Service.Fhir;

/// <summary>
/// The code systems and mappings of Vigil's FHIR R4 exchange (docs/fhir.md), in one place so that ingest and output
/// agree: which coding names the model, which identifier carries the event id, how a patient's FHIR data become the
/// registration's protected levels, and which LOINC codes fill which watched feature.
/// </summary>
internal static class FhirConventions
{
    /// <summary>RiskAssessment.method.coding of this system names the registered model (code) and its version (version).</summary>
    public const string ModelSystem = "urn:vigil:model";

    /// <summary>RiskAssessment.identifier of this system (or any, first one wins on input) carries the prediction's event id.</summary>
    public const string EventSystem = "urn:vigil:event";

    /// <summary>Identifier system of the pseudonymous patient reference on output (the HMAC pseudonym, never the MRN).</summary>
    public const string PatientPseudonymSystem = "urn:vigil:pseudonym:patient";

    /// <summary>Identifier system of the pseudonymous encounter reference on output.</summary>
    public const string EncounterPseudonymSystem = "urn:vigil:pseudonym:encounter";

    /// <summary>RiskAssessment.prediction.outcome coding system: the registration's positive outcome kind (e.g. sepsis_onset).</summary>
    public const string OutcomeSystem = "urn:vigil:outcome-kind";

    /// <summary>HL7's risk-probability code system: "high" (or "certain") carries a fired alert, "low" one that did not fire.</summary>
    public const string RiskProbabilitySystem = "http://terminology.hl7.org/CodeSystem/risk-probability";

    /// <summary>US Core race and ethnicity extensions (ombCategory sub-extensions carry OMB codes).</summary>
    public const string UsCoreRace = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";

    /// <summary>US Core ethnicity extension.</summary>
    public const string UsCoreEthnicity = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";

    /// <summary>LOINC.</summary>
    public const string Loinc = "http://loinc.org";

    /// <summary>
    /// Watched feature name → LOINC codes accepted for it (Observation.code in RiskAssessment.basis, value in
    /// valueQuantity.value, in the unit the registration's reference used). Names are the simulator's.
    /// </summary>
    public static readonly Dictionary<string, string[]> FeatureLoinc = new(StringComparer.Ordinal)
    {
        ["heart_rate"] = ["8867-4"],
        ["resp_rate"] = ["9279-1"],
        ["temperature"] = ["8310-5", "8331-1"],
        ["sbp"] = ["8480-6"],
        ["map"] = ["8478-0"],
        ["wbc"] = ["6690-2", "26464-8"],
        ["lactate"] = ["2524-7", "32693-4"],
        ["creatinine"] = ["2160-0"],
    };

    /// <summary>OMB race category code → the level used by Vigil registrations (the simulator's vocabulary).</summary>
    public static string? RaceLevel(string code) => code switch
    {
        "2106-3" => "white",
        "2054-5" => "black",
        "2028-9" => "asian",
        "1002-5" => "american_indian_alaska_native",
        "2076-8" => "native_hawaiian_pacific_islander",
        _ => null, // ASKU, UNK and unknown codes: missing
    };

    /// <summary>OMB ethnicity code → level.</summary>
    public static string? EthnicityLevel(string code) => code switch
    {
        "2135-2" => "hispanic",
        "2186-5" => "not_hispanic",
        _ => null,
    };

    /// <summary>FHIR administrative gender → the "sex" attribute's levels (F, M, other); "unknown" is missing.</summary>
    public static string? SexLevel(string code) => code switch
    {
        "female" => "F",
        "male" => "M",
        "other" => "other",
        _ => null,
    };

    /// <summary>A valid FHIR resource id ([A-Za-z0-9-.]{1,64}).</summary>
    public static bool IsFhirId(string s)
    {
        if (s.Length is 0 or > 64) return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')) return false;
        return true;
    }
}
