namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>Counts how often each host cluster is referenced by the metadata, and collects what is wrong.</summary>
internal sealed class ReferenceCounter
{
    public const long MaxClusters = 32L << 20;
    private const int MaxReportedProblems = 1000;

    private readonly int[] _references;
    private readonly int _clusterBits;
    private readonly long _fileLength;

    public ReferenceCounter(long fileLength, int clusterBits, string path)
    {
        _fileLength = fileLength;
        _clusterBits = clusterBits;
        var clusters = (fileLength + (1L << clusterBits) - 1) >> clusterBits;
        if (clusters > MaxClusters)
        {
            throw new NotSupportedException($"{path}: checking a file of {clusters} clusters is not supported (the limit is {MaxClusters}); the check would need too much memory");
        }

        _references = new int[clusters];
    }

    public List<string> Problems { get; } = [];
    public int Corruptions { get; set; }
    public int Leaks { get; set; }

    public long Clusters => _references.Length;

    public int this[long cluster] => cluster < _references.Length ? _references[cluster] : 0;

    /// <summary>Adds one reference to every cluster overlapping [offset, offset+length); false if any lies outside the file.</summary>
    public bool Reference(long offset, long length, string what)
    {
        if (length <= 0)
        {
            return true;
        }

        if (offset < 0 || offset >= _fileLength || length > _fileLength - offset)
        {
            Corrupt($"{what} at offset {offset} (+{length} bytes) lies beyond the end of the {_fileLength}-byte file");
            if (offset < 0 || offset >= _fileLength)
            {
                return false;
            }

            length = _fileLength - offset;
        }

        var first = offset >> _clusterBits;
        var last = (offset + length - 1) >> _clusterBits;
        for (var cluster = first; cluster <= last; cluster++)
        {
            _references[cluster]++;
        }

        return true;
    }

    public void Corrupt(string problem)
    {
        Corruptions++;
        Report("ERROR " + problem);
    }

    public void Leak(string problem)
    {
        Leaks++;
        Report("Leaked " + problem);
    }

    private void Report(string problem)
    {
        if (Problems.Count < MaxReportedProblems)
        {
            Problems.Add(problem);
        }
    }
}
