namespace VirtAppliance.DiskImages;

/// <summary>
/// The runs of a buffer that hold data. The buffer is cut into blocks at multiples of the granularity counted from the
/// start of the image, not of the buffer; blocks that are not all zeros and follow each other form one run. Writing
/// only the runs leaves every zero block of the image a hole, however the bytes were split into buffers (a block split
/// between two buffers is written by the parts that hold data).
/// </summary>
public static class DataRuns
{
    /// <summary>The data runs of <paramref name="data"/>, which holds the image's bytes from <paramref name="offset"/>.</summary>
    public static Enumerator In(ReadOnlySpan<byte> data, long offset, int granularity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(granularity);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return new Enumerator(data, offset, granularity);
    }

    /// <summary>Finds one run per step, so that a caller writes it before the next block is looked at.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly long _offset;
        private readonly int _granularity;
        private int _position;

        internal Enumerator(ReadOnlySpan<byte> data, long offset, int granularity)
        {
            _data = data;
            _offset = offset;
            _granularity = granularity;
        }

        /// <summary>The run found by the last <see cref="MoveNext"/>.</summary>
        public DataRun Current { get; private set; }

        /// <summary>Lets <c>foreach</c> walk the runs.</summary>
        public readonly Enumerator GetEnumerator() => this;

        /// <summary>Finds the next run; false when the buffer has no more data.</summary>
        public bool MoveNext()
        {
            var start = -1;
            while (_position < _data.Length)
            {
                var block = (int)Math.Min(_granularity - ((_offset + _position) % _granularity), _data.Length - _position);
                var isData = _data.Slice(_position, block).ContainsAnyExcept((byte)0);
                if (!isData && start >= 0)
                {
                    Current = new DataRun(start, _position - start);
                    _position += block;
                    return true;
                }

                if (isData && start < 0)
                {
                    start = _position;
                }

                _position += block;
            }

            if (start < 0)
            {
                return false;
            }

            Current = new DataRun(start, _position - start);
            return true;
        }
    }
}
