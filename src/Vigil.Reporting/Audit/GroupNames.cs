namespace Vigil.Reporting.Audit;

/// <summary>How groups are named in reports and in card.yaml risk assignments.</summary>
public static class GroupNames
{
    /// <summary>"sex=F" or "sex*age=F*45-64": the key card.yaml assignments match.</summary>
    public static string Key(AttributeAudit attribute, GroupAudit group) => $"{attribute.Name}={group.Label}";

    /// <summary>"sex = F" for display.</summary>
    public static string Display(AttributeAudit attribute, GroupAudit group) => $"{attribute.Name} = {group.Label}";
}
