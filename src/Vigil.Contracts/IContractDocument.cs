using Vigil.Contracts.Common;

namespace Vigil.Contracts;

/// <summary>Every Vigil JSON document starts with its schema name and version and the tool that wrote it.</summary>
public interface IContractDocument
{
    /// <summary>e.g. "vigil.audit/v2".</summary>
    string Schema { get; }

    ToolBlock Tool { get; }
}
