<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AlertClipboard</name>
    <message>
        <source>As &amp;text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As &amp;Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As &amp;JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Link (alertdesk://…)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertDialogs</name>
    <message>
        <source>Acknowledge the alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge %Ln alerts</source>
        <translation>
            <numerusform>Acknowledge %Ln alert</numerusform>
            <numerusform>Acknowledge %Ln alerts</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Note (optional): what you did about it, for the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;All %Ln alerts that match the filter&lt;/b&gt; will be acknowledged, also those not shown yet.</source>
        <translation>
            <numerusform>&lt;b&gt;The alert that matches the filter&lt;/b&gt; will be acknowledged, also if it is not shown yet.</numerusform>
            <numerusform>&lt;b&gt;All %Ln alerts that match the filter&lt;/b&gt; will be acknowledged, also those not shown yet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Snooze until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Until:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;nooze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts between two times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppriseUrl</name>
    <message>
        <source>not a URL of the form SCHEME://... (supported schemes: %1)</source>
        <extracomment>The URL forms and their parameters (SCHEME://, BOT_TOKEN, from=, mode=, region=...) are what the user types: keep them as they are.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored the URL option &apos;%1&apos; (AlertDesk has no such setting for this channel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored a URL option AlertDesk does not know</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:// URL: the host&apos;s &apos;[&apos; is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:// URL: unexpected text after the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:// URL: no host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:// URL: the port must be a number from 1 to 65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tgram:// URL: expected tgram://BOT_TOKEN/CHAT_ID where BOT_TOKEN is the digits:letters token BotFather gave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tgram:// URL: no chat id (tgram://BOT_TOKEN/CHAT_ID; AlertDesk does not guess the chat from the bot&apos;s updates)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discord:// URL: expected discord://WEBHOOK_ID/WEBHOOK_TOKEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored the bot name before &apos;@&apos;: Discord shows the name the webhook was created with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored the path after WEBHOOK_TOKEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored the bot name before &apos;@&apos;: Slack shows the app&apos;s own name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slack:// URL: a bot token needs at least one channel (slack://xoxb-TOKEN/#channel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slack:// URL: an incoming webhook is slack://TOKEN_A/TOKEN_B/TOKEN_C (the three parts of https://hooks.slack.com/services/...), a bot is slack://xoxb-TOKEN/#channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored the channels after the webhook tokens: an incoming webhook posts to the channel it was made for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:// URL: mode= must be ssl, starttls or none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>security %1: AlertDesk never sends mail in clear text to another machine (mode=none is only for a local server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:// URL: no sender: give from=ADDRESS or a USER@ part to send as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sender: the user at the URL&apos;s domain, as Apprise does (from= sets another)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recipient: the sender, as Apprise does when no to= is given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored Apprise&apos;s payload changes (-key, :key): AlertDesk posts its own JSON alert (see the README&apos;s webhook payload)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored method=: AlertDesk always POSTs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pagerduty:// URL: expected pagerduty://INTEGRATION_KEY@API_KEY (or pagerduty://INTEGRATION_KEY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the API key was not stored: the Events API v2 needs only the integration key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored the component: AlertDesk sends the alert&apos;s symbol and strategy in custom_details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored severity=: AlertDesk maps each alert&apos;s priority to a severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pagerduty:// URL: region= must be us or eu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsupported URL scheme &apos;%1://&apos; (supported: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bot token</source>
        <extracomment>These words take an option&apos;s place in the channel checks&apos; messages for a URL: &quot;tgram:// URL: the bot token is required&quot; (the checks&apos; own words: &quot;{--bot-token} is required&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the chat id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the webhook URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the SMTP server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the integration key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an OAuth token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the chat ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:// URL: AlertDesk publishes to one topic per channel (add one URL per topic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:// URL: no topic (ntfy://TOPIC or ntfys://HOST/TOPIC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored %1=: AlertDesk sets it from each alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pover:// URL: expected pover://USER_KEY@APP_TOKEN[/DEVICE]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored priority=: AlertDesk maps each alert&apos;s priority to Pushover&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the user key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the application token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the device</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelArgs</name>
    <message>
        <source>{--rate-per-second} must be a number &gt;= 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--rate-burst} must be a whole number &gt;= 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--header} must look like Name:Value (one of them has no name before a &apos;:&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--%1} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--webhook-url}, or {--bot-token} with {--channel-id}, is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--channel-id} is required with {--bot-token}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--bot-token} is required with {--channel-id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--max-segments} must be a whole number from 1 to 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--webhook-url}: a Teams channel has one webhook URL (add another channel for another one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--smtp-port} must be a number from 1 to 65535, not &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give the display name either in {--from} or with {--from-name}, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown channel kind &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a %1 channel has no option --%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--%1} must be a whole number from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give either {--token} or {--user} with {--password}, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--user} and {--password} go together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--html} must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--resend-interval}: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelChecks</name>
    <message>
        <source>%1 &apos;%2&apos; cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; holds no PEM certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} must start with https:// or http://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} has no host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>header name &apos;%1&apos; is not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>header %1 has a line break in its value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{webhook_urls} or {bot_token} with {channel_ids} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{channel_ids}: give at least one channel id to post to with {bot_token}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{bot_token} is required to post to {channel_ids}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{bot_token} must not contain spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{channel_ids}: &apos;%1&apos; is not a channel id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1}: at least one URL is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{bot_token} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{bot_token} does not look like a Telegram bot token (digits:letters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{chat_ids}: at least one chat id is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{chat_ids}: &apos;%1&apos; is not a chat id (a number such as -1001234567890, or @channelname)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{account_sid} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{account_sid} must be AC followed by 32 hexadecimal digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{auth_token} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{auth_token} must not contain spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{from} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{from} &apos;%1&apos; is neither an E.164 number (+15551234567) nor an alphanumeric sender id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{to}: at least one recipient is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{to}: &apos;%1&apos; is not an E.164 number such as +15551234567</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{max_segments} must be between 1 and %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{routing_key} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{routing_key} must be the 32 letters and digits of an Events API v2 integration key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source} must be 1 to 255 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is longer than 253 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; is not a host name or IP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is required: tls, starttls or none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be tls, starttls or none, not &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a whole number from 1 to 65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is required (at least one recipient)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has more than 100 recipients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 and %3 must not contain control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 none sends everything in clear text, so it cannot be used with %2, %3 or %4: use %1 starttls or %1 tls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 none is only allowed for a server on this machine (localhost, 127.0.0.1, ::1), not for %2: use %1 starttls or %1 tls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no use with %2 none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give either %1 or %2, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs %2 (the account to log in as)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs %2 or %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be plain, login or xoauth2, not &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs %2 with %3 or %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 xoauth2 needs %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 needs %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>%1 is the sender&apos;s field, %2 what is wrong with its mailbox (a message of the Mailbox context, such as &quot;&apos;x&apos; has no @&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; %3</source>
        <extracomment>%1 is the recipients&apos; field, %2 one of its addresses, %3 what is wrong with it (a message of the Mailbox context, such as &quot;has no @&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown channel kind &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel name &apos;ingest&apos; is reserved (the ingest API keeps its token under it in the keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel name &apos;%1&apos; is not valid: use 1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter or digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a channel named &apos;%1&apos; exists already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{from} &apos;%1&apos; is not an E.164 number such as +15551234567</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{repeat} must be between 1 and %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{voice} &apos;%1&apos; is not a Twilio voice name such as Polly.Joanna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{language} &apos;%1&apos; is not a language tag such as en-US</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{topic} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{topic} &apos;%1&apos; may hold only letters, digits, - and _ (at most 64)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give either {token} or {user} with {password}, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{token} must not contain spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{password} is required with {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user} is required with {password}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user} must not contain &apos;:&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} must be the 30 letters and digits Pushover shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{devices}: &apos;%1&apos; is not a device name (letters, digits, - and _, at most 25)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{sound} &apos;%1&apos; is not a sound name such as siren</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{retry} must be at least %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{expire} must be from {retry} to %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{urls}: give the URL of at least one cluster peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} must not carry a user or password: use {basic_auth}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{basic_auth} must look like USER:PASSWORD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{basic_auth} and {bearer_token} cannot both be given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{bearer_token} must not contain spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{resend_interval} must be a duration from 1s to 5m (such as 60s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} contains a space or a line break; a URL has none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} has no scheme: it must start with https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} has no scheme: it must start with https:// or http://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} holds characters a URL cannot: &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} is not a valid URL: check its host and port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} must start with https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{%1} must start with https://: over http:// its secret would travel unencrypted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelPreview</name>
    <message>
        <source>(idempotency key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notification text: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One embed, %1 of %2 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML text, %1 of %2 visible characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2, %3 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GSM-7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UCS-2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text and HTML parts; the text part:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adaptive Card, %1 of %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(routing key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events API v2 trigger, severity %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desktop notification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON POST, %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the call says (once); delivered when answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the call says (%1 times); delivered when answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push, priority %1 of 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push, emergency priority: repeats every %1 s for up to %2 s until acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push, priority %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POST /api/v2/alerts to every peer, severity %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeliveryErrors</name>
    <message numerus="yes">
        <source>gave up after %n attempt(s): %1</source>
        <translation>
            <numerusform>gave up after %n attempt: %1</numerusform>
            <numerusform>gave up after %n attempts: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>is empty; give a duration such as 30s, 5m, 1h or 1d</source>
        <extracomment>What is wrong with an option&apos;s or field&apos;s value, after its name: &quot;Cooldown is empty; ...&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a duration; use a number with a unit (ms, s, m, h, d, w), e.g. 30s, 5m, 1h30m</source>
        <extracomment>%1 is the text typed. The units ms, s, m, h, d and w are what AlertDesk reads: keep them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is too long a duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an ISO 8601 date and time (e.g. 2026-03-29T07:00:00Z or 2026-03-29T09:00+02:00)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Mailbox</name>
    <message>
        <source>is empty</source>
        <extracomment>This and the other messages of this context follow the address or its field: &quot;{to} &apos;x&apos; has no @&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be ASCII (internationalised addresses are not supported)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not contain spaces or control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is longer than 254 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has no @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has nothing before the @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has more than 64 characters before the @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has a misplaced dot before the @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has the character &apos;%1&apos; before the @ (quoted local parts are not supported)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has no domain after the @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has an unterminated [address] domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has an invalid [address] domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has a domain longer than 253 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has an invalid domain &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has a &apos;&gt;&apos; without &apos;&lt;&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has a control character in its display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has a display name longer than 128 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has a &apos;&lt;&apos; without &apos;&gt;&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; %2</source>
        <extracomment>%1 is the address, %2 what is wrong with it (such as &quot;has no @&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuleArgs</name>
    <message>
        <source>once-per needs an interval longer than 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not once, every or once-per:DURATION (e.g. once-per:1h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--%1} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--%1} must be a number, not &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--when} &apos;%1&apos; is not one of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--expires} %1 is in the past</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--type} &apos;%1&apos; is not one of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--priority} &apos;%1&apos; is not one of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once-per: %1</source>
        <extracomment>%1 says what is wrong with the interval after &quot;once-per:&quot; (a message of the Duration context).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--%1} %2</source>
        <extracomment>%1 is the option (the form shows its label), %2 what is wrong with its duration (a message of the Duration context, such as &quot;&apos;5x&apos; is not a duration; ...&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--frequency} %1</source>
        <extracomment>%1 is what is wrong with the frequency, such as &quot;once-per: &apos;5x&apos; is not a duration; ...&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuleChecks</name>
    <message>
        <source>&apos;%1&apos; is not a valid rule name: use 1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter or digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid metric key: use 1-128 letters, digits and . _ - : / @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only applies to enter-range and leave-range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is the size of the move in percent and must be greater than 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required by %1 and must be longer than 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only applies to moved-up and moved-down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once-per needs an interval longer than 0, e.g. once-per:1h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only once-per takes an interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a time after 1970</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is %1 characters long; the limit is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>names %1 channels; the limit is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a channel name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required by %1: the range is from {--value} to {--value2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be greater than {--value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uses the unknown placeholder %1 (known: %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RuleTrial</name>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 compares with the previous value: type one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 measures the move within the window: type the earlier values of the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 against the threshold %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From %1 to %2 against the threshold %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From %1 to %2 against the range %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2% above the window&apos;s lowest value %3; the rule wants %4%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2% below the window&apos;s highest value %3; the rule wants %4%.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulesText</name>
    <message>
        <source>above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossing (either way)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossing up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossing down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moved up (% within a window)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moved down (% within a window)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entering a range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leaving a range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>above %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>below %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossing up %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossing down %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up %1% within %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>down %1% within %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entering %1 … %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leaving %1 … %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once per %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · cooldown %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (1 time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 times)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · spent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingChecks</name>
    <message>
        <source>%1 must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is longer than %2 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network.proxy must not hold a password: it belongs in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be one of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a finite number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be between %2 and %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be one of %2, not &apos;%3&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be true or false, not &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a number, not &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network.proxy must be system, none or http://[user[:password]@]host:port</source>
        <extracomment>network.proxy is the setting&apos;s key; system, none and the URL&apos;s form are what it takes.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourceArgs</name>
    <message>
        <source>{--%1} is given more than once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--topic} is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--topic} must be 1-64 letters, digits, &apos;-&apos; or &apos;_&apos; (ntfy&apos;s rule for topic names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--server} must be an http:// or https:// address without a query or a login, e.g. https://ntfy.sh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--type} must be one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--priority} must be one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--channel}: &apos;%1&apos; is not a channel name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{--token} must not contain spaces or control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid source name: use 1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter or digit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UiText</name>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Milestone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed, will retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open (paused)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2 delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>, %n failed</source>
        <translation>
            <numerusform>, %n failed</numerusform>
            <numerusform>, %n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n cancelled</source>
        <translation>
            <numerusform>, %n cancelled</numerusform>
            <numerusform>, %n cancelled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n queued</source>
        <translation>
            <numerusform>, %n queued</numerusform>
            <numerusform>, %n queued</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the “%1” on line %2, column %3 closes nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the “%1” on line %2, column %3 does not match the “%4” of line %5, column %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text in quotes from line %1, column %2 has no closing “&quot;”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a “%1” is missing to close the “%2” of line %3, column %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on line %2, column %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertDetailsPane</name>
    <message>
        <source>Select an alert to see its fields, its data and every delivery attempt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedup key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel / attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{%n field(s)}</source>
        <translation>
            <numerusform>{%n field}</numerusform>
            <numerusform>{%n fields}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n item]</numerusform>
            <numerusform>[%n items]</numerusform>
        </translation>
    </message>
    <message>
        <source>every enabled channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no delivery: no channel was targeted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · HTTP %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 after %n attempt(s)</source>
        <translation>
            <numerusform>%1 after %n attempt</numerusform>
            <numerusform>%1 after %n attempts</numerusform>
        </translation>
    </message>
    <message>
        <source>Occurrences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snoozed until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no change yet: the alert is as it arrived)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this alert as text, Markdown, JSON or a link that opens it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The silence on the cluster by %1 ended at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silenced on the cluster by %1 until %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silenced on the cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cluster silence ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, until %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, ended at %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsExport</name>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting alerts to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n alert(s) to %1</source>
        <translation>
            <numerusform>Exported %n alert to %1</numerusform>
            <numerusform>Exported %n alerts to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsPage</name>
    <message>
        <source>&lt;h3&gt;No alerts yet&lt;/h3&gt;&lt;p&gt;Alerts from your bots, from &lt;tt&gt;alertdesk-cli send&lt;/tt&gt; or from the Compose page appear here the moment they arrive.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alert matches these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;nooze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Acknowledge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge the selected alerts, with an optional note (Ctrl+Shift+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve the selected alerts (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For 15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For 4 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until tomorrow 08:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until a date and time…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snooze the selected alerts: they open again when the time is up (Ctrl+Shift+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts nobody has acknowledged, snoozed or resolved yet: click to show only them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search titles and messages (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show every alert again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 unacknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · not changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the selected alerts again: undoes acknowledge, snooze or resolve (Ctrl+Shift+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&amp;Acknowledge %Ln…</source>
        <translation>
            <numerusform>&amp;Acknowledge %Ln…</numerusform>
            <numerusform>&amp;Acknowledge %Ln…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>S&amp;nooze %Ln</source>
        <translation>
            <numerusform>S&amp;nooze %Ln</numerusform>
            <numerusform>S&amp;nooze %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Resolve %Ln</source>
        <translation>
            <numerusform>&amp;Resolve %Ln</numerusform>
            <numerusform>&amp;Resolve %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Re&amp;open %Ln</source>
        <translation>
            <numerusform>Re&amp;open %Ln</numerusform>
            <numerusform>Re&amp;open %Ln</numerusform>
        </translation>
    </message>
    <message>
        <source> · cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Acknowledged: %Ln</source>
        <translation>
            <numerusform>Acknowledged: %Ln</numerusform>
            <numerusform>Acknowledged: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Snoozed: %Ln</source>
        <translation>
            <numerusform>Snoozed: %Ln</numerusform>
            <numerusform>Snoozed: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Resolved: %Ln</source>
        <translation>
            <numerusform>Resolved: %Ln</numerusform>
            <numerusform>Resolved: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reopened: %Ln</source>
        <translation>
            <numerusform>Reopened: %Ln</numerusform>
            <numerusform>Reopened: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · not changed: %Ln</source>
        <translation>
            <numerusform> · not changed: %Ln</numerusform>
            <numerusform> · not changed: %Ln</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>alertdesk::Application</name>
    <message>
        <source>AlertDesk: routes trading alerts to your channels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the profile in DIR (default: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DIR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PAGE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size WIDTHxHEIGHT (default: 1280x800).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE (PNG) once it has loaded, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An alertdesk://alert/ID link (copied from an alert, or a notification&apos;s): opens that alert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start on PAGE: alerts, channels, thresholds, compose, settings or dashboard (settings/SECTION: delivery, window, sounds, ingest, quiet-hours, escalation, network, sources).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::AppriseUrlDialog</name>
    <message>
        <source>Add a channel from an Apprise URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the URL you use with Apprise, for example tgram://TOKEN/CHAT_ID, discord://ID/TOKEN, slack://A/B/C, mailtos://user:password@example.com, jsons://host/path or pagerduty://KEY. Schemes AlertDesk reads: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scheme://…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: the kind&apos;s name (telegram, discord, …) by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its tokens and passwords go to the system keychain, never to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::BulkActionRunner</name>
    <message>
        <source>Acknowledge %1 alerts?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Acknowledge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snooze %1 alerts?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;nooze %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve %1 alerts?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resolve %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen %1 alerts?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This applies to every alert that matches the filter, also those not shown yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working on %1 alerts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping after this batch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done %1 of %2 alerts…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelDialog</name>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, one per line, e.g.
Authorization: Bearer …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HMAC secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: signs each request (X-AlertDesk-Signature)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: the platform&apos;s documented limit by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Burst</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: messages allowed at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://… (several: separate them with spaces)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://…  (the Workflows webhook of the Teams channel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bot token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>xoxb-… (instead of webhook URLs, with channel IDs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>123456789:AA… from @BotFather</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel IDs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With a bot token, one per line, e.g. C0123456789</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: a self-hosted or test server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat IDs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One per line: -1001234567890 or @channelname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account SID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AC followed by 32 hexadecimal digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auth token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+15551234567, or a sender name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alerts@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One number per line: +15557654321</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One address per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: 1 to 10 SMS per alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>32 letters and digits (Events API v2 integration key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: what PagerDuty shows as the source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: 465 with TLS, 587 with STARTTLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account to log in as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OAuth token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instead of a password (XOAUTH2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: PEM file of a private certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AlertDesk POSTs each alert as JSON to this URL, with an Idempotency-Key header; with a secret it also signs the body (HMAC-SHA256).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming webhook URLs (Slack, Mattermost, Rocket.Chat), or a bot token with the IDs of the channels to post to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One or more Discord webhook URLs (Server settings › Integrations › Webhooks).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A bot token from @BotFather and the chats the bot posts to (add the bot to them first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text messages through Twilio: your account SID and auth token, the sender and the recipients&apos; numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail through your SMTP server, over TLS (465) or STARTTLS (587); a password never travels in clear text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Microsoft Teams Workflows webhook: AlertDesk posts an Adaptive Card to its channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PagerDuty Events API v2: alerts trigger incidents; acknowledging or resolving here does the same there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A notification from AlertDesk&apos;s icon in the system tray of this computer. Needs no account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (number %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the kind of channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a name for the channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name may use letters, digits, &apos;_&apos;, &apos;.&apos; and &apos;-&apos; (at most 64), and must start with a letter or a digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A channel named %1 exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain http:// sends your alerts unencrypted (%1); use https:// if the receiver offers it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit channel %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stored in the keychain (%n values): leave empty to keep them</source>
        <translation>
            <numerusform>Stored in the keychain (%n values): leave empty to keep them</numerusform>
            <numerusform>Stored in the keychain (%n values): leave empty to keep them</numerusform>
        </translation>
    </message>
    <message>
        <source>Stored in the keychain: leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. trading-desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Deliver alerts to this channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields shown as dots, and every URL and header, are stored in the system keychain, never on disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to fill in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the stored secrets from the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored secrets could not be read (%1): enter them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Twilio number: +15551234567</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numbers to call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: a Twilio voice such as Polly.Joanna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: en-US, de-DE, es-ES…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: times the message is spoken, 1 to 5 (2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letters, digits, - and _; hard to guess on ntfy.sh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: https://ntfy.sh, or your own server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: tk_… (or a user and password)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: with a password, instead of a token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>30 characters, on your Pushover dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>30 characters, of the application you created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, one per line: every device when empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: siren, pushover, none…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency retry (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: CRITICAL repeats every N seconds, at least 30 (60)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency expiry (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: until acknowledged or this long, at most 10800 (3600)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone calls through Twilio that speak the alert; a delivery counts once a call is answered, a call nobody answers is tried again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push notifications to the ntfy app on your phone: a topic on ntfy.sh or on your own server, with a token or a user and password when it is protected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push notifications through Pushover: your user key and an application&apos;s token; CRITICAL alerts repeat until acknowledged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cluster peers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One Alertmanager per line: http://alertmanager-1:9093</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basic auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: USER:PASSWORD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, instead of basic auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-send every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: 60s by default, below the cluster&apos;s resolve_timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desk name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: the instance label (this computer&apos;s name by default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silences by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: who the cluster names for acknowledgements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Prometheus Alertmanager cluster: alerts go to every peer; acknowledging or snoozing here silences the alert for the whole desk, resolving ends it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelsModel</name>
    <message>
        <source>enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Success</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open · probes at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>half-open: probing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed: deliveries go out as usual.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open: the channel failed too often in a row, so its deliveries wait instead of hammering it. At %1 one delivery goes through as a probe: its success closes the circuit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Half-open: the pause is over and one probe delivery decides; success closes the circuit, failure opens it again for twice as long.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelsPage</name>
    <message>
        <source>Send &amp;test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a test message to the selected channel now (Ctrl+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the channels&apos; health again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel not changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the channel %1 and its secrets from the keychain? Its deliveries that are still open fail; the history keeps what was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel not removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending a test message to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not tested in this session. Press Send test (Ctrl+T).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Delivered in %1 (at %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none besides the secrets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;No channel yet&lt;/h3&gt;&lt;p&gt;A channel is a place your alerts go: Slack, Discord, Telegram, email, SMS, Teams, PagerDuty, a webhook or this desktop. Add one, or bring your existing configuration (a .env file or an Apprise URL), then press &lt;b&gt;Send test&lt;/b&gt; to check it answers.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import .env…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add from Apprise URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a channel of any kind (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the selected channel&apos;s settings and secrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import .env…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels and settings from a .env file, as alertdesk-cli import-env reads it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add from Apprise &amp;URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A channel from an Apprise URL (tgram://, discord://, slack://, mailto://, json://…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added the channel %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Apprise URL became the channel %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a .env file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>.env files (.env *.env);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything usable in the file was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported, but some of the file was rejected: see why below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import failed: see why below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import from .env</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency p50 / p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries per hour, last 24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No delivery in the last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency per hour, last 24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Delivered: %2
Failed: %3
Retried attempts: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
p50: %2
p95: %3
Delivered: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries per hour, last 24 h (%1 delivered, %2 failed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries that arrived; the last one at %1. Attempts retried: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No successful delivery in the last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
No successful delivery</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::ComposePage</name>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. BTC above 70,000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, e.g. BTCUSDT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ymbol:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: what happened and what to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data (JSON):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None checked: every enabled channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in &amp;history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the alert now (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (disabled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data must be a JSON object, like {&quot;price&quot;: 70123.5}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile is not open: nothing can be sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert accepted and queued for delivery (id %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert stored; the running AlertDesk (pid %1) delivers it (id %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview: what each channel receives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile&apos;s message templates apply per channel kind and alert type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;emplates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the message templates, with a live preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preview appears once the alert is valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No enabled channel: the alert would be stored, not delivered. Add a channel on the Channels page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · with the profile&apos;s template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template error, the default text goes out instead: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add a channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data is not valid JSON: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No channel yet: the alert would be stored, not delivered.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::DashboardPage</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts raised, by priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alert in this range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noisiest symbols</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noisiest rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery attempts per channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No delivery in this range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries per channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Success</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts in the range; the success rate counts the attempts that ended a delivery. Latency of the delivered attempts (within about 25 %).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln alert(s) raised</source>
        <translation>
            <numerusform>%Ln alert raised</numerusform>
            <numerusform>%Ln alerts raised</numerusform>
        </translation>
    </message>
    <message>
        <source> · mean time to acknowledge %1 (%2 acknowledged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · nothing acknowledged in this range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 open · %3 raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the open %1 alerts of this range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to list these alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Delivered: %2
Retried: %3
Failed: %4
Click to list its alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alert with a symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alert from a threshold rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit open, deliveries paused: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::EngineHost</name>
    <message>
        <source>There is no channel named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its %1 is missing from the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ingest.port: port %1 on 127.0.0.1 is in use by another program (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; regenerate the token there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; change its policies there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; change its sources there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled before the keychain was opened; nothing was stored</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::EscalationEditor</name>
    <message>
        <source>Escalation policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. risk-desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert types:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priorities:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None ticked: every type, every priority. The first policy that fits an alert is its policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After (minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels (comma separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add t&amp;ier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove tie&amp;r</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ti&amp;ers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reminders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;up to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;peat every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>escalation-%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No channel configured yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: there is no channel named %1; that tier would skip it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::FailingChannelsButton</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n channel(s) failing</source>
        <translation>
            <numerusform>⚠ %n channel failing</numerusform>
            <numerusform>⚠ %n channels failing</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to open the Channels page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel %1 is down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel %1 works again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::FreedesktopNotifier</name>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snooze 1 h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::KeychainNotice</name>
    <message>
        <source>AlertDesk keeps secrets (channel tokens, webhook addresses, the API token) in your system&apos;s keychain, never in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer has no keyring yet: your desktop will now ask you to choose a password for a new one. It protects the secrets kept there; with your login password it opens by itself when you log in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keyring “%1” is locked: your desktop will now ask for its password to unlock it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your keychain will ask for a password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::MainWindow</name>
    <message>
        <source>AlertDesk — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compose alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About AlertDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About AlertDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;AlertDesk %1&lt;/h3&gt;&lt;p&gt;Routes trading alerts to your channels, retries what fails and keeps every alert and delivery attempt.&lt;/p&gt;&lt;p&gt;Profile: %2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AlertDesk — %1 (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another AlertDesk (process %1) is delivering this profile&apos;s alerts, so this window is read-only: it shows the history live and hands alerts you compose to that instance, but channels and settings can only be changed there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AlertDesk could not open the profile %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile not opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This profile cannot be written (%1), so this window is read-only: it shows the history, but no alert can be stored and channels and settings cannot be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: the profile cannot be written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: process %1 delivers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No channel configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every channel is disabled: alerts are stored, not delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delivering to %n enabled channel(s)</source>
        <translation>
            <numerusform>Delivering to %n enabled channel</numerusform>
            <numerusform>Delivering to %n enabled channels</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivering</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> · %n channel(s) could not be loaded</source>
        <translation>
            <numerusform> · %n channel could not be loaded</numerusform>
            <numerusform> · %n channels could not be loaded</numerusform>
        </translation>
    </message>
    <message>
        <source>AlertDesk keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts are still delivered. Click the tray icon to open the window; Quit is in its menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message &amp;templates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingest API: %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingest API off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scripts post alerts to http://%1:%2/v1/alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ingest API is off: port %1 on 127.0.0.1 is in use by another program, so scripts cannot post alerts to this window. Alerts are still delivered. Choose another port in Settings › Ingest API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ingest API is off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price feed: off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price rules fire on samples from scripts only. Turn the exchange feed on with alertdesk-cli settings set feed.enabled true, then restart AlertDesk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price feed cannot start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price feed: idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No enabled rule watches a price (SYMBOL.price or SYMBOL.change_24h_pct), so nothing is streamed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price feed: connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Connecting to %1 for %n symbol(s).</source>
        <translation>
            <numerusform>Connecting to %1 for %n symbol.</numerusform>
            <numerusform>Connecting to %1 for %n symbols.</numerusform>
        </translation>
    </message>
    <message>
        <source>Price feed: connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Streaming %n symbol(s) from %1.</source>
        <translation>
            <numerusform>Streaming %n symbol from %1.</numerusform>
            <numerusform>Streaming %n symbols from %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Price feed: reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 failed; AlertDesk tries again, waiting longer after each failure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price feed: stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1, but no ticker has arrived for a while: prices may be old. A HEALTH alert tells when the feed goes silent and when it is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating the history for this version of AlertDesk (once; a long history takes a minute)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export alerts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the alerts the Alerts page&apos;s filter shows to a CSV or JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This profile has no alert %1 (the link may come from another profile)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (ntfy topic %2 on %3): %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ntfy %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources: %1 of %2 connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels  ⚠ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln alert(s) · %1 open</source>
        <translation>
            <numerusform>%Ln alert · %1 open</numerusform>
            <numerusform>%Ln alerts · %1 open</numerusform>
        </translation>
    </message>
    <message>
        <source>The pause could not be stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::PauseControls</name>
    <message>
        <source>&amp;Pause notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mute sounds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For &amp;15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For &amp;1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For &amp;4 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until &amp;tomorrow %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unmute sounds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications paused · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desktop notifications and sounds are paused until %1. Alerts are still recorded, shown here and delivered to your other channels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications &amp;paused · %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume notifications now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause desktop notifications and sounds for a while; alerts are still recorded, shown here and delivered to your other channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sounds muted · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm sounds are muted until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sounds &amp;muted · %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unmute sounds now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute the alarm sounds for a while</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications paused until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sounds muted until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hold other channels too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While paused, every channel keeps its notifications; they go out when the pause ends, one summary per channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications to every channel and sounds are paused until %1. Alerts are still recorded and shown here; what is held goes out when the pause ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause notifications to every channel and sounds for a while; alerts are still recorded and shown here, and what is held goes out when the pause ends</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::PolicyListEditor</name>
    <message>
        <source>A&amp;dd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::QuietHoursEditor</name>
    <message>
        <source>Quiet hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. nights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 22:00-07:00, 12:00-13:00 (empty: the whole day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Times:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekdays:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None ticked: every day of the week.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 1:7, -1 (the last day); empty: every day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Da&amp;ys of the month:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. december, january:march; empty: every month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;onths:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type part of a name to search, e.g. Berlin or New_York.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None ticked: every channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRITICAL alerts break through</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as one digest when the quiet hours end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in the history only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Held alerts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quiet-%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::RuleDialog</name>
    <message>
        <source>Edit rule %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. btc-100k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. BTCUSDT.price, pnl.daily, risk.BTCUSDT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Condition:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Upper bound:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 15m, 1h, 1d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once, then the rule is spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most once per…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 1h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Frequency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, e.g. 5m: the least time between two alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ooldown:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpires at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert t&amp;ype:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;itle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;essage:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeholders: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No channel configured yet: the alert goes to every enabled channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None checked: every enabled channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hannels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lower bound:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;ze of the move (%):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 5 for a 5% move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 100000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rule is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::SavedFilters</name>
    <message>
        <source>Saved &amp;filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the filters and the search under a name, pick a saved one, delete one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Open liquidations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save the current filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::SecretReveal</name>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide what you typed (Ctrl+H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what you typed (Ctrl+H)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::SettingsPage</name>
    <message>
        <source>Retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts after the first one before a delivery fails.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First retry after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base delay; each further retry waits twice as long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No single retry waits longer than this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random ± fraction of each wait, so retries do not arrive in step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to all of an alert&apos;s channels at once; off: one after another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fail fast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop an alert&apos;s other deliveries at its first failure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit of one HTTP attempt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries in flight per channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit breaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consecutive failures that pause a channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause before a probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a paused channel waits before AlertDesk tries it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: the AlertDesk that drives this profile owns its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed: Apply stores the settings; new deliveries use them at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notify me of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New alerts of this priority or more urgent pop up from the tray.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close to tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing the window keeps AlertDesk delivering from the system tray.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start minimized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with the window hidden in the tray.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window and notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every alert (%1 and more urgent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 alerts only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and more urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desktop has no system tray: closing the window quits AlertDesk, and “Start minimized” starts it minimized instead of hidden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes effect the next time AlertDesk starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP port on 127.0.0.1; Apply moves the API there at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Body limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest request body accepted; a larger one gets 413.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingest API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;generate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scripts send it as “Authorization: Bearer TOKEN”; alertdesk-cli on this computer finds the API and its token by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While quiet hours hold, notifications wait and go out when they end (as one digest), or are only kept in the history. Times are in the time zone chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While nobody acknowledges, snoozes or resolves an alert, its policy notifies each tier&apos;s channels when the tier&apos;s time has come, then repeats reminders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not served)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Served by the AlertDesk that drives this profile (process %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Serving on port %1 of this computer only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Not serving: port %1 on 127.0.0.1 is in use by another program. Choose another port and Apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Not serving: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate the token?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new token replaces the current one at once: scripts that use the current token are refused until they get the new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New token in use: the old one is refused from now on. Copy it to your scripts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token was not changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix this before applying:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiet hours and escalation not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>system, none or http://user@host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“system” follows the desktop&apos;s proxy settings (http_proxy, https_proxy, no_proxy); “none” always connects directly. A proxy&apos;s password is kept in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy password not stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens AlertDesk on this profile when you log in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert sources (ntfy topics)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buttons on notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge and Snooze 1 h on notifications this urgent or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No buttons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRITICAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plays again until the alert is acknowledged, snoozed or resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HIGH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plays once when the alert arrives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MEDIUM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LOW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INFO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Of the alarm sounds, within the desktop&apos;s own volume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRITICAL repeats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How often a CRITICAL alert&apos;s sound plays again while it is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time between two repeats of a CRITICAL alert&apos;s sound.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm (siren)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert (three rising beeps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chime (two notes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ping (one soft note)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick (a short blip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test the %1 sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New alerts play a sound on this computer. Mute the sounds for a while, or pause every desktop notification, from the tray menu or the status bar. Quiet hours for every channel or for a desktop channel hold the sounds too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silent: this priority plays no sound.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playing “%1” at %2 %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sound: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None yet: every request is refused. Copy token makes one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause holds every channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pause keeps every channel&apos;s notifications; they go out when it ends, one summary per channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::SoundPlayer</name>
    <message>
        <source>This computer has no sound output (no audio device or sound server), so AlertDesk cannot play alarm sounds here. Notifications and every channel work as before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no sound named %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sound %1 cannot be played</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::SourceDialog</name>
    <message>
        <source>Edit source %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an ntfy source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AlertDesk subscribes to an ntfy topic and makes an alert of every message published to it: point TradingView&apos;s webhook (or a bot) at the topic&apos;s address. A message in the ingest API&apos;s JSON form is taken as it is; plain text becomes the title (its first line) and the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ntfy server: the public one, or your own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a long, hard-to-guess name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone who knows a public topic&apos;s name can read and publish to it: choose one nobody can guess, or protect it with a token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the stored token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set (kept unless you type a new one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (a public topic); tk_… for a protected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access t&amp;oken:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom, unless the message says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ntfy&apos;s priority, else Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A message&apos;s own ntfy priority (5 max … 1 min) wins over this default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every enabled channel (or routing); e.g. desk, phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subscribed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::SourcesEditor</name>
    <message>
        <source>Alerts from outside this computer without opening a port: TradingView (or a bot) posts to an ntfy topic and AlertDesk subscribes to it. Set the alert&apos;s webhook URL in TradingView to https://ntfy.sh/YOUR-TOPIC (or your own ntfy server). Messages published while AlertDesk is closed are picked up when it starts again (ntfy keeps them 12 hours by default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add source…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not subscribed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not subscribed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source %1 saved; AlertDesk subscribes to it now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the source %1? AlertDesk stops reading its topic and forgets where it stood.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source %1 removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::TemplateEditorDialog</name>
    <message>
        <source>Message templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A template rewrites an alert&apos;s title and message for one channel kind and alert type (the most specific one applies). Placeholders: {{title}}, {{message}}, {{symbol}}, {{priority_emoji}}, {{data.NAME}}, {{data.NAME|default}} and every other alert field. A part that cannot be rendered sends the default text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;mplates:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel &amp;kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert t&amp;ype:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: the alert&apos;s own title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: the alert&apos;s own message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;essage:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;lert:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample price alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The alert being composed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the channel receives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Templates status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the profile&apos;s templates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another AlertDesk drives this profile: templates can be previewed, not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No template: alerts go out with their own text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 (this alert gets the default text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template has an error: this alert would go out with its default text, shown above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rendered with this template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What a %1 channel receives (%2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::ThresholdsPage</name>
    <message>
        <source>Rules watch a metric (a price, PnL, drawdown, latency…) and raise an alert when their condition holds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add rule…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disa&amp;ble</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;No rule yet&lt;/h3&gt;&lt;p&gt;A rule raises an alert when a metric crosses a threshold, leaves a range or moves by a percentage within a window: for example &lt;i&gt;BTCUSDT.price crossing up 100000&lt;/i&gt;, or &lt;i&gt;pnl.daily below -2000&lt;/i&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a rule…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frequency / cooldown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last triggered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test the selected rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 100250.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Va&amp;lue:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous value:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is sent, and the rule&apos;s stored state is left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled: click to disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled: click to enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ena&amp;ble</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1 added: it watches from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1 saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the rule %1? Its alerts stay in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1 deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1 not deleted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1 enabled (re-armed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1 disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1 not changed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a rule in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ea&amp;rlier values:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the window&apos;s values, oldest first: 100, 101.5, 99.8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the value before, e.g. 99800</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a value to see whether the rule would fire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More input needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Would fire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Would not fire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rule is disabled: the engine does not evaluate it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rule has expired: it no longer fires.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rule fired once already and is spent: enable it again to re-arm it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In its cooldown until %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::TrayIcon</name>
    <message>
        <source>&amp;Show AlertDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit AlertDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AlertDesk — no open alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>AlertDesk — %n open alert(s)</source>
        <translation>
            <numerusform>AlertDesk — %n open alert</numerusform>
            <numerusform>AlertDesk — %n open alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>alertdesk::TrayNotifier</name>
    <message>
        <source>this desktop has no system tray, so AlertDesk cannot show notifications here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the AlertDesk window has no icon in the system tray (yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not shown: desktop notifications are paused until %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>alertdesk::WelcomePanel</name>
    <message>
        <source>Welcome to AlertDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AlertDesk routes the alerts of your trading bots, price feeds and rules to the places you watch, retries what fails and keeps every alert and delivery here. This profile has no channel yet: three steps get you going.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the channel and press Send test: you see at once whether it was delivered, and how fast, or the platform&apos;s error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send your first alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose one by hand, or from a script: alertdesk-cli send --priority HIGH --title &quot;BTC above 70k&quot;. Every alert and every delivery attempt shows up in this window as it happens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose an alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tell AlertDesk where alerts go: Slack, Discord, Telegram, email, SMS, Teams, PagerDuty, a webhook or this desktop; or import your .env file or an Apprise URL from the Channels page. Secrets go to the system keychain, never to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a channel…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
