using System.Text;

namespace VirtAppliance.Building.Kickstart;

/// <summary>Splits a kickstart command line into words the way kickstart (shlex) does: quotes group, # starts a comment.</summary>
internal static class SpecTokenizer
{
    public static List<string> Split(string text, Func<string, Exception> error)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else if (c == '\\' && open == '"' && i + 1 < text.Length)
                {
                    word.Append(text[++i]);
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            if (c == '#' && !inWord)
            {
                break;
            }

            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else
            {
                word.Append(c);
            }
        }

        if (quote is not null)
        {
            throw error($"unterminated {quote} quote");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
