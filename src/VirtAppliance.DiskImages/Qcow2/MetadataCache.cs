using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>
/// A bounded write-back cache of metadata clusters (L2 tables or refcount blocks), keyed by host offset and
/// kept in their on-disk byte order. Evicts the least recently used cluster, writing it first if dirty.
/// </summary>
internal sealed class MetadataCache(SafeFileHandle handle, int clusterSize, int capacity)
{
    private readonly Dictionary<long, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = [];

    public byte[] Get(long hostOffset, Func<long, byte[]> load)
    {
        if (_entries.TryGetValue(hostOffset, out var node))
        {
            Touch(node);
            return node.Value.Data;
        }

        return Insert(hostOffset, load(hostOffset), dirty: false);
    }

    /// <summary>Adds a freshly allocated cluster full of zeros, marked dirty so it reaches the file.</summary>
    public byte[] AddNew(long hostOffset) => Insert(hostOffset, new byte[clusterSize], dirty: true);

    public void MarkDirty(long hostOffset) => _entries[hostOffset].Value.Dirty = true;

    public void FlushAll()
    {
        foreach (var entry in _recency)
        {
            WriteBack(entry);
        }
    }

    private byte[] Insert(long hostOffset, byte[] data, bool dirty)
    {
        while (_entries.Count >= capacity && _recency.Last is { } oldest)
        {
            WriteBack(oldest.Value);
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.HostOffset);
        }

        var node = _recency.AddFirst(new Entry(hostOffset, data) { Dirty = dirty });
        _entries[hostOffset] = node;
        return data;
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        if (node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
    }

    private void WriteBack(Entry entry)
    {
        if (entry.Dirty)
        {
            RandomAccess.Write(handle, entry.Data, entry.HostOffset);
            entry.Dirty = false;
        }
    }

    private sealed class Entry(long hostOffset, byte[] data)
    {
        public long HostOffset { get; } = hostOffset;
        public byte[] Data { get; } = data;
        public bool Dirty { get; set; }
    }
}
