using Vigil.Contracts.Monitoring;

namespace Vigil.Service.Json;

/// <summary>POST /v1/keys: the name the key acts as and its role (ingest, viewer, reviewer or admin).</summary>
public sealed record CreateKeyRequest(string Name, string Role);

/// <summary>The answer to POST /v1/keys: the secret, shown this once (only its hash is stored).</summary>
public sealed record CreatedKey(string Name, string Role, string Secret);

/// <summary>
/// What one evaluation did (POST /v1/evaluate): predictions matured as known negatives, findings of the monitors,
/// alerts newly opened, alerts already open whose evidence was updated.
/// </summary>
public sealed record EvaluationSummary(int Models, int Matured, int Findings, int Opened, int Updated);

/// <summary>The body POSTed to a webhook: "alert.opened", "alert.acknowledged" or "alert.resolved", and the alert.</summary>
public sealed record WebhookPayload(string Event, MonitorAlert Alert);

/// <summary>/health and /ready: "ok" or "unavailable", the store kind and why it is not ready.</summary>
public sealed record ServiceHealth(string Status, string? Store, string? Detail);
