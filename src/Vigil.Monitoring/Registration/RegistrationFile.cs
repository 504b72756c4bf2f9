using Vigil.Contracts;
using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Registration;

/// <summary>
/// Reads and writes vigil.model-registration/v1 documents (<see cref="ContractFile"/> with the source-generated
/// <see cref="MonitoringJsonContext"/>). Reading also validates (<see cref="RegistrationValidator"/>), so a stored
/// registration is always one the monitors can run.
/// </summary>
public static class RegistrationFile
{
    /// <summary>The command that writes registrations, for "re-run" messages.</summary>
    public const string Producer = "vigil monitor register";

    /// <summary>Reads, parses and validates a registration file.</summary>
    public static ModelRegistration Read(string path)
    {
        var registration = ContractFile.Read(path, ModelRegistration.SchemaName, Producer, MonitoringJsonContext.Default.ModelRegistration);
        RegistrationValidator.Validate(registration);
        return registration;
    }

    /// <summary>Parses and validates a registration (<paramref name="path"/> names its origin in errors, e.g. "request body").</summary>
    public static ModelRegistration Parse(string json, string path = "registration")
    {
        var registration = ContractFile.Parse(json, path, ModelRegistration.SchemaName, Producer, MonitoringJsonContext.Default.ModelRegistration);
        RegistrationValidator.Validate(registration);
        return registration;
    }

    /// <summary>The registration as indented snake_case JSON ending with a newline (validated first).</summary>
    public static string Write(ModelRegistration registration)
    {
        RegistrationValidator.Validate(registration);
        return ContractFile.Write(registration, MonitoringJsonContext.Default.ModelRegistration);
    }
}
