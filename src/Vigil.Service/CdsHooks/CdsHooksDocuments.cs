using System.Text.Json.Serialization;

namespace Vigil.Service.CdsHooks;

/// <summary>GET /cds-services: the CDS Hooks 2.0 discovery response.</summary>
public sealed record CdsDiscovery(IReadOnlyList<CdsServiceDescription> Services);

/// <summary>One CDS service: the hook it answers, its id (the registered model's id), title, description and usage requirements.</summary>
public sealed record CdsServiceDescription(string Hook, string Id, string Title, string Description, string UsageRequirements);

/// <summary>The response to a hook call: cards (none when there is nothing to say).</summary>
public sealed record CdsResponse(IReadOnlyList<CdsCard> Cards);

/// <summary>A CDS Hooks card: uuid (for feedback), summary (&lt; 140 characters), indicator, Markdown detail, source and the override reasons offered.</summary>
public sealed record CdsCard(string Uuid, string Summary, string Indicator, string Detail, CdsSource Source, IReadOnlyList<CdsCoding> OverrideReasons);

/// <summary>Who says so: the monitor and the model version.</summary>
public sealed record CdsSource(string Label, CdsCoding? Topic);

/// <summary>A FHIR-style Coding in CDS Hooks JSON.</summary>
public sealed record CdsCoding(string? System, string? Code, string? Display);

/// <summary>The feedback endpoint's answer: actions stored and repeats (idempotent by card uuid).</summary>
public sealed record CdsFeedbackResult(int Accepted, int Duplicates);

/// <summary>CDS Hooks JSON: camelCase, nulls left out (the specification's style).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CdsDiscovery))]
[JsonSerializable(typeof(CdsResponse))]
[JsonSerializable(typeof(CdsFeedbackResult))]
internal sealed partial class CdsHooksJsonContext : JsonSerializerContext;
