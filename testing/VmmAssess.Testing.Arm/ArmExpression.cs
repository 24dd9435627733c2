using System.Globalization;
using System.Text;

namespace VmmAssess.Testing.Arm;

/// <summary>A value that is only known during a real deployment (a principal id, an endpoint, a key).</summary>
public sealed record Unknown(string Text)
{
    public override string ToString() => "«" + Text + "»";
}

/// <summary>Syntax tree of an ARM template expression (the text between the outer brackets).</summary>
internal abstract record ArmNode;

internal sealed record StringNode(string Value) : ArmNode;

internal sealed record IntNode(long Value) : ArmNode;

internal sealed record CallNode(string Name, IReadOnlyList<ArmNode> Arguments) : ArmNode;

internal sealed record MemberNode(ArmNode Target, string Name) : ArmNode;

internal sealed record IndexNode(ArmNode Target, ArmNode Index) : ArmNode;

/// <summary>Parser for ARM template expressions: function calls, string and integer literals, <c>.member</c> and <c>[index]</c>.</summary>
internal sealed class ArmExpressionParser
{
    private readonly string _text;
    private int _position;

    private ArmExpressionParser(string text) => _text = text;

    public static ArmNode Parse(string expression)
    {
        var parser = new ArmExpressionParser(expression);
        var node = parser.ParseExpression();
        parser.SkipWhitespace();
        if (parser._position != expression.Length)
        {
            throw new FormatException($"Unexpected '{expression[parser._position..]}' in ARM expression '{expression}'.");
        }

        return node;
    }

    private ArmNode ParseExpression()
    {
        var node = ParsePrimary();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('.'))
            {
                node = new MemberNode(node, ReadIdentifier());
            }
            else if (TryConsume('['))
            {
                var index = ParseExpression();
                Expect(']');
                node = new IndexNode(node, index);
            }
            else
            {
                return node;
            }
        }
    }

    private ArmNode ParsePrimary()
    {
        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw new FormatException($"Unexpected end of ARM expression '{_text}'.");
        }

        var c = _text[_position];
        if (c == '\'')
        {
            return new StringNode(ReadString());
        }

        if (char.IsDigit(c) || c == '-')
        {
            var start = _position++;
            while (_position < _text.Length && char.IsDigit(_text[_position]))
            {
                _position++;
            }

            return new IntNode(long.Parse(_text[start.._position], CultureInfo.InvariantCulture));
        }

        var name = ReadIdentifier();
        SkipWhitespace();
        Expect('(');
        var arguments = new List<ArmNode>();
        SkipWhitespace();
        if (!TryConsume(')'))
        {
            do
            {
                arguments.Add(ParseExpression());
                SkipWhitespace();
            }
            while (TryConsume(','));
            Expect(')');
        }

        return new CallNode(name, arguments);
    }

    private string ReadString()
    {
        Expect('\'');
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw new FormatException($"Unterminated string in ARM expression '{_text}'.");
            }

            var c = _text[_position++];
            if (c == '\'')
            {
                if (_position < _text.Length && _text[_position] == '\'')
                {
                    builder.Append('\'');
                    _position++;
                    continue;
                }

                return builder.ToString();
            }

            builder.Append(c);
        }
    }

    private string ReadIdentifier()
    {
        SkipWhitespace();
        var start = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '_' or '$'))
        {
            _position++;
        }

        if (start == _position)
        {
            throw new FormatException($"Identifier expected at {start} in ARM expression '{_text}'.");
        }

        return _text[start.._position];
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private bool TryConsume(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (!TryConsume(c))
        {
            throw new FormatException($"'{c}' expected at {_position} in ARM expression '{_text}'.");
        }
    }
}
