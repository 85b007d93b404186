using ConnectionStatusFunctions.Core;
using static ConnectionStatusFunctions.Core.Tests.SecretRedactorSchemeTests;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Secrets known by their place, not their shape or a key word: the option a program reads its password from, a
/// database statement that sets one, Redis's AUTH, a dumped array. Each is tried with a fresh random secret and with
/// a password of plain words, which no shape rule would catch.
/// </summary>
public class SecretRedactorCommandLineTests
{
    private const string WordPassword = "correcthorsebattery";

    public static TheoryData<string> PlacedSecretFormats() =>
    [
        // Command lines, quoted in a message or written as a JSON array of arguments.
        "Command 'mysql -h db -u shop -p{0} shop' exited with code 1",
        "Command \"/usr/bin/mysqldump --single-transaction -ushop -p'{0}' shop\" exited with code 2",
        "exec: mariadb -h db -p{0} -e 'select 1' failed",
        "Command 'redis-cli -h cache -a {0} PING' exited with code 1",
        "redis-cli --pass {0} -h cache INFO: NOAUTH",
        "Command 'sshpass -p {0} sftp shop@files' exited with code 5",
        "sshpass -p{0} ssh shop@files failed",
        "Command 'curl -u shop:{0} https://api.example.com' exited with code 22",
        "curl --user 'shop:{0}' -X POST https://api.example.com/v1 returned 401",
        "curl --oauth2-bearer {0} https://api.example.com/v1 returned 401",
        "sqlcmd -S db -U sa -P {0} -Q \"select 1\" failed",
        "mongosh --host db -u shop -p {0} --authenticationDatabase admin: auth failed",
        "mosquitto_pub -h broker -u shop -P {0} -t orders failed",
        "ldapsearch -x -D cn=admin,dc=acme -w {0} -b dc=acme failed",
        "smbclient //files/share -U shop%{0} -c ls: NT_STATUS_LOGON_FAILURE",
        "openssl pkcs12 -in shop.p12 -passin pass:{0} -nodes failed",
        "docker login -u shop -p {0} registry.example.com: unauthorized",
        "7z x orders.7z -p{0}: Wrong password",
        "spawn failed: {{\"args\":[\"mysql\",\"-h\",\"db\",\"-p{0}\",\"shop\"]}}",
        "spawn failed: [\"redis-cli\", \"-a\", \"{0}\", \"PING\"]",
        "\"C:\\Program Files\\MySQL\\MySQL Server 8.0\\bin\\mysql.exe\" -u root -p{0} failed",
        "docker exec -i db mysql -uroot -p{0} shop: ERROR 1045",
        "podman exec -it cache redis-cli -a {0} PING: WRONGPASS",
        "[\"docker\",\"exec\",\"db\",\"mysql\",\"-uroot\",\"-p{0}\"] exited 1",
        // Statements and commands echoed back by a database.
        "CREATE USER shop IDENTIFIED BY '{0}' failed: ORA-01920",
        "create user 'shop'@'%' identified with mysql_native_password by \"{0}\": ERROR 1396",
        "ALTER USER shop IDENTIFIED BY {0}; ORA-28007",
        "SET PASSWORD FOR 'shop'@'%' = PASSWORD('{0}') failed",
        "mongo: db.auth(\"shop\", \"{0}\") failed",
        "SET PASSWORD FOR 'shop'@'%' = '{0}': ERROR 1133",
        "mongo: db.changeUserPassword(\"shop\", \"{0}\") failed",
        "ALTER USER shop IDENTIFIED BY VALUES '{0}' failed",
        "1732996800.123456 [0 10.0.0.5:51234] \"AUTH\" \"{0}\"",
        "1732996800.123456 [0 10.0.0.5:51234] \"auth\" \"shop\" \"{0}\"",
        "ACL SETUSER shop on >{0} ~orders:* +@all failed",
        "CONFIG SET requirepass {0}: ERR",
        "masterauth {0} in redis.conf rejected by primary",
        "-ERR Client sent AUTH, but no password is set (AUTH {0})",
        "redis: AUTH default {0} -> WRONGPASS invalid username-password pair",
        // Arrays dumped by PHP, Perl and Ruby.
        "Array ( [user] => shop [password] => {0} [host] => db )",
        "Array\n(\n    [db_password] => {0}\n    [host] => db\n)",
        "array(2) {{ [\"user\"]=> string(4) \"shop\" [\"password\"]=> string(19) \"{0}\" }}",
        "{{\"user\" => \"shop\", \"password\" => \"{0}\"}}",
        "{{:user => \"shop\", :api_key => \"{0}\"}}",
        "Array ( [requirepass] => {0} [port] => 6379 )",
        // Programs whose password option names no secret, and the environment variables programs read one from.
        "psexec \\\\pos-01 -u admin -p {0} cmd /c ver failed: Access is denied",
        "keytool -importcert -keystore shop.jks -storepass {0} -alias line failed",
        "jarsigner -keystore shop.jks -storepass {0} -keypass {0} app.jar shop: failed",
        "lftp -u shop,{0} sftp://files.example.com -e 'ls' failed",
        "cqlsh db 9042 -u shop -p {0}: AuthenticationFailed",
        "isql -U sa -P {0} -S db failed",
        "clickhouse-client --host db --password {0} --query 'select 1': Code: 516",
        "SSHPASS={0} sshpass -e sftp shop@files exited with code 5",
        "env REDISCLI_AUTH={0} redis-cli -h cache PING: WRONGPASS",
        "MYSQL_PWD={0} mysql -h db -u shop: ERROR 1045",
        "CONFIG SET masterauth {0}: ERR",
        // SQL Server's stored procedures and Unicode literals.
        "EXEC sp_addlogin 'shop', '{0}' failed: Msg 15025",
        "EXEC sp_password NULL, N'{0}', 'shop' failed",
        "EXEC sp_password @old = N'{0}x', @new = N'{0}', @loginame = 'shop' failed",
        "ALTER LOGIN shop WITH PASSWORD = N'{0}' failed: Msg 15118",
    ];

    [Theory]
    [MemberData(nameof(PlacedSecretFormats))]
    public void ASecretKnownByItsPlaceIsRedactedWhateverItLooksLike(string format)
    {
        foreach (var secret in new[] { RandomSecret(12, format), WordPassword })
        {
            var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, secret);

            var redacted = SecretRedactor.Redact(message);

            AssertNoFragment(secret, redacted);
            Assert.Contains(SecretRedactor.Marker, redacted, StringComparison.Ordinal);
        }
    }

    // smbclient writes the user and the password joined by a literal '%': a password that starts with two hex digits
    // read as an escape of a letter or digit lost its separator and was read as part of the user's name (a random
    // password did so about once in 400 draws).
    [Theory]
    [InlineData("68vwclMWVDhM")]
    [InlineData("41Bc9xQzLm2P")]
    [InlineData("7aK2pL9QwXzR")]
    [InlineData("30hK2Lp9QwXz")]
    [InlineData("3aHk2Lp9QwXz")]
    [InlineData("2FHk2Lp9QwXz")]
    [InlineData("5fHk2Lp9QwXz")]
    [InlineData("25Hk2Lp9QwXz")]
    public void APasswordAfterALiteralPercentThatReadsAsAnEscapeIsStillRedacted(string password)
    {
        var redacted = SecretRedactor.Redact($"smbclient //files/share -U shop%{password} -c ls: NT_STATUS_LOGON_FAILURE");

        AssertNoFragment(password, redacted);
    }

    [Theory]
    [InlineData("mysql: [Warning] Using a password on the command line interface can be insecure.")]
    [InlineData("Command 'mysql -h db -P 3306 -u shop -p shop' exited with code 1")]
    [InlineData("redis-cli -h cache -p 6380 PING: Connection refused")]
    [InlineData("redis: NOAUTH Authentication required.")]
    [InlineData("ERR AUTH <password> called without any password configured for the default user.")]
    [InlineData("-ERR Client sent AUTH, but no password is set")]
    [InlineData("SMTP AUTH LOGIN rejected: 535 5.7.8 (smtp.gmail.com:587)")]
    [InlineData("AUTH failed for shop shopee-th-000123")]
    [InlineData("docker run -p 8080:80 connector:4.12.0 exited with code 137")]
    [InlineData("curl -u shop https://api.example.com prompts for a password")]
    [InlineData("curl -sS -o /dev/null -w %{http_code} https://api.example.com returned 503")]
    [InlineData("openssl pkcs12 -in shop.p12 -passin file:/etc/shop/p12.pass -nodes failed")]
    [InlineData("zip -r orders.zip orders/ failed: disk full")]
    [InlineData("the shop identified by shopee-th-000123 was not found")]
    [InlineData("Array ( [user] => shop [host] => db [port] => 3306 )")]
    [InlineData("{\"status\" => \"disconnected\", \"since\" => \"2026-11-30\"}")]
    [InlineData("password => required")]
    [InlineData("AUTH OK")]
    [InlineData("AUTH FAILED after 3 attempts")]
    [InlineData("AUTH ERROR: invalid password")]
    [InlineData("Array ( [token_type] => bearer [expires_in] => 3600 )")]
    [InlineData("CREATE USER shop IDENTIFIED BY RANDOM PASSWORD failed: ERROR 1396")]
    [InlineData("redis-cli -a failed: option requires an argument")]
    [InlineData("keytool -list -keystore shop.jks failed: keystore was tampered with, or password was incorrect")]
    [InlineData("psexec \\\\pos-01 cmd /c ver failed: The network path was not found")]
    [InlineData("EXEC sp_addlogin failed: Msg 102, Incorrect syntax near 'sp_addlogin'")]
    [InlineData("config: require_auth=true, bypass=true")]
    [InlineData("ALTER LOGIN shop WITH CHECK_POLICY = OFF failed")]
    [InlineData("N'orders' is not a valid table name")]
    public void CommandLinesStatementsAndDumpsWithoutASecretStayAsWritten(string message) =>
        Assert.Equal(message, SecretRedactor.Redact(message));
}
