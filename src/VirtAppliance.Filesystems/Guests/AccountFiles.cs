namespace VirtAppliance.Filesystems.Guests;

/// <summary>/etc/passwd, /etc/shadow and /etc/group of a staged root, edited as colon-separated records.</summary>
public sealed class AccountFiles
{
    private const int FirstUserId = 1000;
    private const int LastUserId = 59999;

    private readonly string? _root;
    private readonly List<string[]> _passwd;
    private readonly List<string[]> _shadow;
    private readonly List<string[]> _group;
    private readonly string _changeDay;

    private AccountFiles(string? root, string passwd, string shadow, string group, DateTimeOffset changed)
    {
        _root = root;
        _changeDay = Text((int)Math.Max(1, changed.ToUnixTimeSeconds() / 86400));
        _passwd = Parse(passwd, 7);
        _shadow = Parse(shadow, 9);
        _group = Parse(group, 4);
    }

    /// <summary>
    /// The files of a staged root folder (missing ones read as empty); Save writes them back. Passwords set get
    /// <paramref name="changed"/> as their last change (the build's epoch): day 0 would tell PAM to force a change at
    /// the first login.
    /// </summary>
    public static AccountFiles Load(string root, DateTimeOffset changed) =>
        new(root, ReadText(root, "/etc/passwd"), ReadText(root, "/etc/shadow"), ReadText(root, "/etc/group"), changed);

    /// <summary>The files' contents as text, for filesystems reached another way; ToText gives them back.</summary>
    public static AccountFiles FromText(string passwd, string shadow, string group, DateTimeOffset changed) => new(null, passwd, shadow, group, changed);

    public (string Passwd, string Shadow, string Group) ToText() => (Text(_passwd), Text(_shadow), Text(_group));

    public bool HasUser(string name) => _passwd.Any(fields => fields[0] == name);

    public (int Uid, int Gid)? Ids(string name) =>
        _passwd.FirstOrDefault(fields => fields[0] == name && fields.Length >= 4) is { } user
            ? (int.Parse(user[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(user[3], System.Globalization.CultureInfo.InvariantCulture))
            : null;

    public string? PasswordHash(string name) => _shadow.FirstOrDefault(fields => fields[0] == name)?[1];

    /// <summary>Sets a crypt(3) hash, or locks the account when hash is null.</summary>
    public void SetPassword(string name, string? hash)
    {
        var entry = _shadow.FirstOrDefault(fields => fields[0] == name);
        if (entry is null)
        {
            entry = [name, "", _changeDay, "0", "99999", "7", "", "", ""];
            _shadow.Add(entry);
        }

        if (entry[1] != (hash ?? "!") || entry[2] is "" or "0")
        {
            entry[2] = _changeDay;
        }

        entry[1] = hash ?? "!";
    }

    /// <summary>Adds a user and its private group (or updates shell, home and comment of an existing one); returns uid and gid.</summary>
    public (int Uid, int Gid) AddUser(string name, int? uid, int? gid, string? gecos, string? home, string? shell)
    {
        if (_passwd.FirstOrDefault(fields => fields[0] == name) is { } existing)
        {
            existing[4] = gecos ?? existing[4];
            existing[5] = home ?? existing[5];
            existing[6] = shell ?? existing[6];
            return Ids(name)!.Value;
        }

        var newUid = uid ?? FreeId(_passwd);
        if (uid is { } wanted && _passwd.Any(fields => fields.Length > 2 && fields[2] == wanted.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            throw new InvalidDataException($"user {name}: uid {wanted} is already taken in /etc/passwd");
        }

        var newGid = gid ?? GroupId(name) ?? AddGroup(name, newUid);
        _passwd.Add([name, "x", Text(newUid), Text(newGid), gecos ?? "", home ?? $"/home/{name}", shell ?? "/bin/sh"]);
        if (_shadow.All(fields => fields[0] != name))
        {
            SetPassword(name, null);
        }

        return (newUid, newGid);
    }

    public void AddToGroup(string user, string group)
    {
        var entry = _group.FirstOrDefault(fields => fields[0] == group);
        if (entry is null)
        {
            AddGroup(group, null);
            entry = _group.First(fields => fields[0] == group);
        }

        var members = entry[3].Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!members.Contains(user))
        {
            members.Add(user);
            entry[3] = string.Join(',', members);
        }
    }

    public void Save()
    {
        if (_root is null)
        {
            throw new InvalidOperationException("these account files came from text: use ToText");
        }

        Write("/etc/passwd", _passwd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Write("/etc/group", _group, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Write("/etc/shadow", _shadow, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    private int? GroupId(string name) =>
        _group.FirstOrDefault(fields => fields[0] == name) is { } group ? int.Parse(group[2], System.Globalization.CultureInfo.InvariantCulture) : null;

    private int AddGroup(string name, int? preferred)
    {
        var taken = _group.Any(fields => fields.Length > 2 && preferred is { } id && fields[2] == Text(id));
        var id = preferred is { } value && !taken ? value : FreeId(_group);
        _group.Add([name, "x", Text(id), ""]);
        return id;
    }

    private static int FreeId(List<string[]> records)
    {
        var used = records.Where(fields => fields.Length > 2).Select(fields => int.TryParse(fields[2], out var id) ? id : -1).ToHashSet();
        for (var id = FirstUserId; id <= LastUserId; id++)
        {
            if (!used.Contains(id))
            {
                return id;
            }
        }

        throw new InvalidDataException("no free user or group id left between 1000 and 59999");
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ReadText(string root, string guestPath)
    {
        var path = GuestPath.OnHost(root, guestPath);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static List<string[]> Parse(string text, int width) =>
        text.Split('\n').Where(line => line.Length > 0).Select(line =>
        {
            var fields = line.Split(':');
            return fields.Length >= width ? fields : [.. fields, .. Enumerable.Repeat("", width - fields.Length)];
        }).ToList();

    private static string Text(List<string[]> records) => string.Concat(records.Select(fields => string.Join(':', fields) + "\n"));

    private void Write(string guestPath, List<string[]> records, UnixFileMode mode)
    {
        var path = GuestPath.OnHost(_root!, guestPath);
        StagedFolder.PrepareParent(_root!, guestPath, "the build");
        if (StagedFolder.IsLink(path))
        {
            throw new InvalidDataException($"{guestPath} in the root filesystem is a symbolic link; refusing to write through it");
        }

        File.WriteAllText(path, Text(records));
        File.SetUnixFileMode(path, mode);
    }
}
