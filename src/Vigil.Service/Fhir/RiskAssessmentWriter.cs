using Hl7.Fhir.Model;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;

namespace Vigil.Service.Fhir;

/// <summary>
/// A stored prediction as a FHIR R4 RiskAssessment: the event id as identifier (and id when it is a valid FHIR id),
/// the model as method coding, pseudonymous subject and encounter (identifier references holding the HMAC pseudonyms,
/// never a raw id), the score as prediction.probabilityDecimal over the registration's outcome window (whenPeriod),
/// the alert as qualitativeRisk (high / low) and the suggestion as mitigation. No protected attribute leaves.
/// </summary>
internal static class RiskAssessmentWriter
{
    public static RiskAssessment Write(PredictionRecord p, ModelRegistration registration)
    {
        var time = new FhirDateTime(DateTimeOffset.FromUnixTimeMilliseconds(p.TimeMs));
        var end = new FhirDateTime(DateTimeOffset.FromUnixTimeMilliseconds(p.WindowEndMs));
        var ra = new RiskAssessment
        {
            Id = FhirConventions.IsFhirId(p.EventId) ? p.EventId : null,
            Identifier = [new Identifier(FhirConventions.EventSystem, p.EventId)],
            Status = ObservationStatus.Final,
            Method = new CodeableConcept { Coding = [new Coding(FhirConventions.ModelSystem, p.Model) { Version = p.Version }], Text = $"{p.Model} {p.Version}" },
            Subject = new ResourceReference { Type = "Patient", Identifier = new Identifier(FhirConventions.PatientPseudonymSystem, p.PatientKey) },
            Encounter = new ResourceReference { Type = "Encounter", Identifier = new Identifier(FhirConventions.EncounterPseudonymSystem, p.EncounterKey) },
            Occurrence = time,
            Prediction =
            [
                new RiskAssessment.PredictionComponent
                {
                    Outcome = new CodeableConcept(FhirConventions.OutcomeSystem, registration.Outcome.PositiveKind, registration.Outcome.PositiveKind),
                    Probability = new FhirDecimal((decimal)p.Score),
                    QualitativeRisk = new CodeableConcept(FhirConventions.RiskProbabilitySystem, p.Alert ? "high" : "low", p.Alert ? "High likelihood" : "Low likelihood"),
                    When = new Period(time, end),
                },
            ],
        };
        if (!string.IsNullOrEmpty(p.Suggestion)) ra.Mitigation = p.Suggestion;
        return ra;
    }
}
