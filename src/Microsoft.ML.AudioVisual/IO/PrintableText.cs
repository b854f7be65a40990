using System.Text;

namespace Microsoft.ML.AudioVisual.IO;

/// <summary>Makes text from damaged files or native libraries safe to put in an error message.</summary>
internal static class PrintableText
{
    /// <summary>
    /// <paramref name="text"/> with control and unprintable characters replaced by '?', runs of them collapsed,
    /// and cut to <paramref name="maxLength"/> characters: a damaged weights file can make a native reader echo
    /// raw bytes, which must not reach a terminal.
    /// </summary>
    public static string Of(string text, int maxLength = 200)
    {
        var result = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        bool lastWasJunk = false;
        foreach (var c in text)
        {
            bool junk = char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD' || char.GetUnicodeCategory(c) is
                System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.Format;
            if (junk && lastWasJunk) continue;
            result.Append(junk ? '?' : c);
            lastWasJunk = junk;
            if (result.Length > maxLength)
            {
                result.Length = maxLength;
                result.Append('…');
                break;
            }
        }
        return result.ToString();
    }
}
