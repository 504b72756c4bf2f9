namespace Vigil.Data;

public enum FileFormat
{
    Csv,
    Parquet,
}
