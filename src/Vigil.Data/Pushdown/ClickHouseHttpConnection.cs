using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Data.Pushdown;

/// <summary>An error of ClickHouse or of the way to it (HTTP status, connection, malformed answer).</summary>
public sealed class ClickHouseException : DbException
{
    public ClickHouseException(string message) : base(message)
    {
    }

    public ClickHouseException(string message, Exception inner) : base(message, inner)
    {
    }

    public ClickHouseException()
    {
    }
}

/// <summary>
/// A ClickHouse connection over its HTTP interface (docs/push-down.md): each command is one POST of the SQL with
/// <c>FORMAT TabSeparatedWithNamesAndTypes</c> appended, the user and password as HTTP basic authentication and the
/// database as the <c>database</c> URL parameter; the answer is streamed row by row (<see cref="ClickHouseHttpReader"/>).
/// HTTP rather than the ClickHouse.Driver package: driver 1.5.0 fails against Debian 12's server 18.16.1 on every query
/// (it sends the setting output_format_binary_write_json_as_string, which 18.16 rejects as unknown, and reads
/// RowBinaryWithNamesAndTypes, a format 18.16 does not have). Opening runs <c>SELECT 1</c>, so an unreachable server and a
/// refused login fail at <see cref="Open"/>. Only what the push-down needs is supported: text commands that return rows.
/// </summary>
public sealed class ClickHouseHttpConnection : DbConnection
{
    private HttpClient? _client;
    private Uri? _endpoint;
    private string _connectionString;
    private ConnectionState _state = ConnectionState.Closed;

    /// <param name="connectionString">Host, Port, User, Password, Database, Secure (<see cref="ClickHouseUrl.ToConnectionString"/>).</param>
    public ClickHouseHttpConnection(string connectionString) => _connectionString = connectionString;

    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set => _connectionString = value ?? "";
    }

    public override string Database => Setting("Database") ?? "default";

    public override string DataSource => $"{Setting("Host")}:{Setting("Port")}";

    public override string ServerVersion => "";

    public override ConnectionState State => _state;

    /// <summary>Seconds to wait for the TCP connection (the query itself may take as long as it needs).</summary>
    public static TimeSpan ConnectTimeout { get; } = TimeSpan.FromSeconds(15);

    public override void Open()
    {
        if (_state == ConnectionState.Open) return;
        var secure = string.Equals(Setting("Secure"), "true", StringComparison.OrdinalIgnoreCase);
        var host = Setting("Host") ?? throw new ClickHouseException("the connection string names no Host");
        var port = int.Parse(Setting("Port") ?? (secure ? "8443" : "8123"), CultureInfo.InvariantCulture);
        _endpoint = new UriBuilder(secure ? "https" : "http", host, port, "/")
        {
            Query = "database=" + Uri.EscapeDataString(Database),
        }.Uri;
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var credentials = Encoding.UTF8.GetBytes($"{Setting("User") ?? "default"}:{Setting("Password") ?? ""}");
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(credentials));
        _state = ConnectionState.Open;
        try
        {
            using var check = CreateCommand();
            check.CommandText = "SELECT 1";
            using var reader = check.ExecuteReader();
            while (reader.Read())
            {
            }
        }
        catch
        {
            Close();
            throw;
        }
    }

    public override void Close()
    {
        _client?.Dispose();
        _client = null;
        _state = ConnectionState.Closed;
    }

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException("ChangeDatabase: open another connection");

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
        throw new NotSupportedException("ClickHouse has no transactions");

    protected override DbCommand CreateDbCommand() => new ClickHouseHttpCommand(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    /// <summary>Posts <paramref name="sql"/> and returns the streamed answer of a successful query.</summary>
    /// <exception cref="ClickHouseException">The server is unreachable or answers with an error (its message shortened).</exception>
    internal HttpResponseMessage Post(string sql)
    {
        if (_client is null || _endpoint is null) throw new InvalidOperationException("the ClickHouse connection is not open");
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(sql + "\nFORMAT TabSeparatedWithNamesAndTypes", Encoding.UTF8, "text/plain"),
        };
        HttpResponseMessage response;
        try
        {
            response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException e)
        {
            throw new ClickHouseException(e.Message, e);
        }
        catch (TaskCanceledException e)
        {
            throw new ClickHouseException($"no connection within {ConnectTimeout.TotalSeconds} s", e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            string body;
            try
            {
                using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
                body = reader.ReadToEnd();
            }
            catch (IOException e)
            {
                body = e.Message;
            }
            throw new ClickHouseException($"HTTP {(int)response.StatusCode}: {ServerMessage(body)}");
        }
    }

    /// <summary>"Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., e.what() = DB::Exception" as "Code 60: Table x doesn't exist."</summary>
    internal static string ServerMessage(string body)
    {
        var text = body.Trim();
        var old = Regex.Match(text, @"^Code: (\d+), e\.displayText\(\) = DB::Exception: (.*?)(, e\.what\(\) = .*)?$", RegexOptions.Singleline,
            TimeSpan.FromSeconds(1));
        if (old.Success) text = $"Code {old.Groups[1].Value}: {old.Groups[2].Value}";
        text = text.ReplaceLineEndings(" ");
        return text.Length > 2000 ? text[..2000] + "…" : text;
    }

    private string? Setting(string key)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = _connectionString };
        return builder.TryGetValue(key, out var value) ? value?.ToString() : null;
    }
}

/// <summary>A text command of a <see cref="ClickHouseHttpConnection"/> (no parameters, no transactions).</summary>
internal sealed class ClickHouseHttpCommand : DbCommand
{
    private ClickHouseHttpConnection? _connection;

    internal ClickHouseHttpCommand(ClickHouseHttpConnection connection) => _connection = connection;

    [AllowNull]
    public override string CommandText { get; set; } = "";

    /// <summary>Ignored: a query runs until it ends (the loader sets 0, no limit).</summary>
    public override int CommandTimeout { get; set; }

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => _connection = value as ClickHouseHttpConnection;
    }

    protected override DbParameterCollection DbParameterCollection => throw new NotSupportedException("parameters are not supported");

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override int ExecuteNonQuery()
    {
        using var reader = ExecuteDbDataReader(CommandBehavior.Default);
        while (reader.Read())
        {
        }
        return -1;
    }

    public override object? ExecuteScalar()
    {
        using var reader = ExecuteDbDataReader(CommandBehavior.Default);
        return reader.Read() && reader.FieldCount > 0 ? reader.GetValue(0) : null;
    }

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => throw new NotSupportedException("parameters are not supported");

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var connection = _connection ?? throw new InvalidOperationException("the command has no connection");
        return new ClickHouseHttpReader(connection.Post(CommandText));
    }
}
