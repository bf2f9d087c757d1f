<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AlertClipboard</name>
    <message>
        <source>As &amp;text</source>
        <translation>Als &amp;Text</translation>
    </message>
    <message>
        <source>As &amp;Markdown</source>
        <translation>Als &amp;Markdown</translation>
    </message>
    <message>
        <source>As &amp;JSON</source>
        <translation>Als &amp;JSON</translation>
    </message>
    <message>
        <source>&amp;Link (alertdesk://…)</source>
        <translation>&amp;Link (alertdesk://…)</translation>
    </message>
</context>
<context>
    <name>AlertDialogs</name>
    <message>
        <source>Acknowledge the alert</source>
        <translation>Den Alarm bestätigen</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge %Ln alerts</source>
        <translation>
            <numerusform>%Ln Alarm bestätigen</numerusform>
            <numerusform>%Ln Alarme bestätigen</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Note (optional): what you did about it, for the history</source>
        <translation>&amp;Notiz (optional): was Sie unternommen haben, für den Verlauf</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>&amp;Bestätigen</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;All %Ln alerts that match the filter&lt;/b&gt; will be acknowledged, also those not shown yet.</source>
        <translation>
            <numerusform>&lt;b&gt;Der %Ln Alarm, der zum Filter passt,&lt;/b&gt; wird bestätigt, auch wenn er noch nicht angezeigt wird.</numerusform>
            <numerusform>&lt;b&gt;Alle %Ln Alarme, die zum Filter passen,&lt;/b&gt; werden bestätigt, auch die noch nicht angezeigten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Snooze until</source>
        <translation>Zurückstellen bis</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>&amp;Until:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>S&amp;nooze</source>
        <translation>&amp;Zurückstellen</translation>
    </message>
    <message>
        <source>Alerts between two times</source>
        <translation>Alarme zwischen zwei Zeitpunkten</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
</context>
<context>
    <name>AppriseUrl</name>
    <message>
        <source>not a URL of the form SCHEME://... (supported schemes: %1)</source>
        <extracomment>The URL forms and their parameters (SCHEME://, BOT_TOKEN, from=, mode=, region=...) are what the user types: keep them as they are.</extracomment>
        <translation>keine URL der Form SCHEMA://... (unterstützte Schemata: %1)</translation>
    </message>
    <message>
        <source>ignored the URL option &apos;%1&apos; (AlertDesk has no such setting for this channel)</source>
        <translation>URL-Option &apos;%1&apos; ignoriert (AlertDesk hat für diesen Kanal keine solche Einstellung)</translation>
    </message>
    <message>
        <source>ignored a URL option AlertDesk does not know</source>
        <translation>eine URL-Option ignoriert, die AlertDesk nicht kennt</translation>
    </message>
    <message>
        <source>%1:// URL: the host&apos;s &apos;[&apos; is not closed</source>
        <translation>%1:// URL: das &apos;[&apos; des Hosts wird nicht geschlossen</translation>
    </message>
    <message>
        <source>%1:// URL: unexpected text after the host</source>
        <translation>%1:// URL: unerwarteter Text nach dem Host</translation>
    </message>
    <message>
        <source>%1:// URL: no host</source>
        <translation>%1:// URL: kein Host</translation>
    </message>
    <message>
        <source>%1:// URL: the port must be a number from 1 to 65535</source>
        <translation>%1:// URL: der Port muss eine Zahl von 1 bis 65535 sein</translation>
    </message>
    <message>
        <source>tgram:// URL: expected tgram://BOT_TOKEN/CHAT_ID where BOT_TOKEN is the digits:letters token BotFather gave</source>
        <translation>tgram:// URL: erwartet wird tgram://BOT_TOKEN/CHAT_ID, wobei BOT_TOKEN das Token aus Ziffern:Buchstaben von BotFather ist</translation>
    </message>
    <message>
        <source>tgram:// URL: no chat id (tgram://BOT_TOKEN/CHAT_ID; AlertDesk does not guess the chat from the bot&apos;s updates)</source>
        <translation>tgram:// URL: keine Chat-ID (tgram://BOT_TOKEN/CHAT_ID; AlertDesk errät den Chat nicht aus den Updates des Bots)</translation>
    </message>
    <message>
        <source>discord:// URL: expected discord://WEBHOOK_ID/WEBHOOK_TOKEN</source>
        <translation>discord:// URL: erwartet wird discord://WEBHOOK_ID/WEBHOOK_TOKEN</translation>
    </message>
    <message>
        <source>ignored the bot name before &apos;@&apos;: Discord shows the name the webhook was created with</source>
        <translation>Bot-Name vor &apos;@&apos; ignoriert: Discord zeigt den Namen, mit dem der Webhook angelegt wurde</translation>
    </message>
    <message>
        <source>ignored the path after WEBHOOK_TOKEN</source>
        <translation>Pfad nach WEBHOOK_TOKEN ignoriert</translation>
    </message>
    <message>
        <source>ignored the bot name before &apos;@&apos;: Slack shows the app&apos;s own name</source>
        <translation>Bot-Name vor &apos;@&apos; ignoriert: Slack zeigt den eigenen Namen der App</translation>
    </message>
    <message>
        <source>slack:// URL: a bot token needs at least one channel (slack://xoxb-TOKEN/#channel)</source>
        <translation>slack:// URL: ein Bot-Token braucht mindestens einen Kanal (slack://xoxb-TOKEN/#kanal)</translation>
    </message>
    <message>
        <source>slack:// URL: an incoming webhook is slack://TOKEN_A/TOKEN_B/TOKEN_C (the three parts of https://hooks.slack.com/services/...), a bot is slack://xoxb-TOKEN/#channel</source>
        <translation>slack:// URL: ein eingehender Webhook ist slack://TOKEN_A/TOKEN_B/TOKEN_C (die drei Teile von https://hooks.slack.com/services/...), ein Bot ist slack://xoxb-TOKEN/#kanal</translation>
    </message>
    <message>
        <source>ignored the channels after the webhook tokens: an incoming webhook posts to the channel it was made for</source>
        <translation>Kanäle nach den Webhook-Tokens ignoriert: Ein eingehender Webhook postet in den Kanal, für den er angelegt wurde</translation>
    </message>
    <message>
        <source>%1:// URL: mode= must be ssl, starttls or none</source>
        <translation>%1:// URL: mode= muss ssl, starttls oder none sein</translation>
    </message>
    <message>
        <source>security %1: AlertDesk never sends mail in clear text to another machine (mode=none is only for a local server)</source>
        <translation>Sicherheit %1: AlertDesk sendet Mails nie im Klartext an einen anderen Rechner (mode=none ist nur für einen lokalen Server)</translation>
    </message>
    <message>
        <source>%1:// URL: no sender: give from=ADDRESS or a USER@ part to send as</source>
        <translation>%1:// URL: kein Absender: from=ADRESSE oder einen Teil BENUTZER@ als Absender angeben</translation>
    </message>
    <message>
        <source>sender: the user at the URL&apos;s domain, as Apprise does (from= sets another)</source>
        <translation>Absender: der Benutzer unter der Domain der URL, wie bei Apprise (from= legt einen anderen fest)</translation>
    </message>
    <message>
        <source>recipient: the sender, as Apprise does when no to= is given</source>
        <translation>Empfänger: der Absender, wie bei Apprise, wenn kein to= angegeben ist</translation>
    </message>
    <message>
        <source>ignored Apprise&apos;s payload changes (-key, :key): AlertDesk posts its own JSON alert (see the README&apos;s webhook payload)</source>
        <translation>Änderungen an der Apprise-Nutzlast (-key, :key) ignoriert: AlertDesk sendet seinen eigenen JSON-Alarm (siehe die Webhook-Nutzlast im README)</translation>
    </message>
    <message>
        <source>ignored method=: AlertDesk always POSTs</source>
        <translation>method= ignoriert: AlertDesk sendet immer per POST</translation>
    </message>
    <message>
        <source>pagerduty:// URL: expected pagerduty://INTEGRATION_KEY@API_KEY (or pagerduty://INTEGRATION_KEY)</source>
        <translation>pagerduty:// URL: erwartet wird pagerduty://INTEGRATION_KEY@API_KEY (oder pagerduty://INTEGRATION_KEY)</translation>
    </message>
    <message>
        <source>the API key was not stored: the Events API v2 needs only the integration key</source>
        <translation>der API-Schlüssel wurde nicht gespeichert: Die Events API v2 braucht nur den Integrationsschlüssel</translation>
    </message>
    <message>
        <source>ignored the component: AlertDesk sends the alert&apos;s symbol and strategy in custom_details</source>
        <translation>Komponente ignoriert: AlertDesk sendet Symbol und Strategie des Alarms in custom_details</translation>
    </message>
    <message>
        <source>ignored severity=: AlertDesk maps each alert&apos;s priority to a severity</source>
        <translation>severity= ignoriert: AlertDesk leitet den Schweregrad aus der Priorität jedes Alarms ab</translation>
    </message>
    <message>
        <source>pagerduty:// URL: region= must be us or eu</source>
        <translation>pagerduty:// URL: region= muss us oder eu sein</translation>
    </message>
    <message>
        <source>unsupported URL scheme &apos;%1://&apos; (supported: %2)</source>
        <translation>nicht unterstütztes URL-Schema &apos;%1://&apos; (unterstützt: %2)</translation>
    </message>
    <message>
        <source>the bot token</source>
        <extracomment>These words take an option&apos;s place in the channel checks&apos; messages for a URL: &quot;tgram:// URL: the bot token is required&quot; (the checks&apos; own words: &quot;{--bot-token} is required&quot;).</extracomment>
        <translation>„Bot-Token“</translation>
    </message>
    <message>
        <source>the chat id</source>
        <translation>„Chat-ID“</translation>
    </message>
    <message>
        <source>the webhook URL</source>
        <translation>„Webhook-URL“</translation>
    </message>
    <message>
        <source>the channel</source>
        <translation>„Kanal“</translation>
    </message>
    <message>
        <source>the SMTP server</source>
        <translation>„SMTP-Server“</translation>
    </message>
    <message>
        <source>the port</source>
        <translation>„Port“</translation>
    </message>
    <message>
        <source>the user</source>
        <translation>„Benutzer“</translation>
    </message>
    <message>
        <source>the password</source>
        <translation>„Passwort“</translation>
    </message>
    <message>
        <source>the integration key</source>
        <translation>„Integrationsschlüssel“</translation>
    </message>
    <message>
        <source>the URL</source>
        <translation>„URL“</translation>
    </message>
    <message>
        <source>the header</source>
        <translation>„Header“</translation>
    </message>
    <message>
        <source>the source</source>
        <translation>„Quelle“</translation>
    </message>
    <message>
        <source>an OAuth token</source>
        <translation>„OAuth-Token“</translation>
    </message>
    <message>
        <source>the chat ids</source>
        <translation>„Chat-IDs“</translation>
    </message>
    <message>
        <source>the channels</source>
        <translation>„Kanäle“</translation>
    </message>
    <message>
        <source>%1:// URL: AlertDesk publishes to one topic per channel (add one URL per topic)</source>
        <translation>%1:// URL: AlertDesk veröffentlicht je Kanal in einem Topic (eine URL je Topic hinzufügen)</translation>
    </message>
    <message>
        <source>%1:// URL: no topic (ntfy://TOPIC or ntfys://HOST/TOPIC)</source>
        <translation>%1:// URL: kein Topic (ntfy://TOPIC oder ntfys://HOST/TOPIC)</translation>
    </message>
    <message>
        <source>ignored %1=: AlertDesk sets it from each alert</source>
        <translation>%1= ignoriert: AlertDesk setzt es aus jedem Alarm</translation>
    </message>
    <message>
        <source>pover:// URL: expected pover://USER_KEY@APP_TOKEN[/DEVICE]</source>
        <translation>pover:// URL: erwartet pover://USER_KEY@APP_TOKEN[/DEVICE]</translation>
    </message>
    <message>
        <source>ignored priority=: AlertDesk maps each alert&apos;s priority to Pushover&apos;s</source>
        <translation>priority= ignoriert: AlertDesk leitet Pushovers Priorität aus der Priorität jedes Alarms ab</translation>
    </message>
    <message>
        <source>the topic</source>
        <translation>„Topic“</translation>
    </message>
    <message>
        <source>the server</source>
        <translation>„Server“</translation>
    </message>
    <message>
        <source>the access token</source>
        <translation>„Zugriffstoken“</translation>
    </message>
    <message>
        <source>the user key</source>
        <translation>„User-Key“</translation>
    </message>
    <message>
        <source>the application token</source>
        <translation>„Anwendungstoken“</translation>
    </message>
    <message>
        <source>the device</source>
        <translation>„Gerät“</translation>
    </message>
</context>
<context>
    <name>ChannelArgs</name>
    <message>
        <source>{--rate-per-second} must be a number &gt;= 0</source>
        <translation>{--rate-per-second} muss eine Zahl &gt;= 0 sein</translation>
    </message>
    <message>
        <source>{--rate-burst} must be a whole number &gt;= 1</source>
        <translation>{--rate-burst} muss eine ganze Zahl &gt;= 1 sein</translation>
    </message>
    <message>
        <source>{--header} must look like Name:Value (one of them has no name before a &apos;:&apos;)</source>
        <translation>{--header} muss die Form Name:Wert haben (bei einem fehlt der Name vor dem &apos;:&apos;)</translation>
    </message>
    <message>
        <source>{--%1} is required</source>
        <translation>{--%1} ist erforderlich</translation>
    </message>
    <message>
        <source>{--webhook-url}, or {--bot-token} with {--channel-id}, is required</source>
        <translation>{--webhook-url} oder {--bot-token} mit {--channel-id} ist erforderlich</translation>
    </message>
    <message>
        <source>{--channel-id} is required with {--bot-token}</source>
        <translation>{--channel-id} ist mit {--bot-token} erforderlich</translation>
    </message>
    <message>
        <source>{--bot-token} is required with {--channel-id}</source>
        <translation>{--bot-token} ist mit {--channel-id} erforderlich</translation>
    </message>
    <message>
        <source>{--max-segments} must be a whole number from 1 to 10</source>
        <translation>{--max-segments} muss eine ganze Zahl von 1 bis 10 sein</translation>
    </message>
    <message>
        <source>{--webhook-url}: a Teams channel has one webhook URL (add another channel for another one)</source>
        <translation>{--webhook-url}: Ein Teams-Kanal hat eine Webhook-URL (für eine weitere einen weiteren Kanal anlegen)</translation>
    </message>
    <message>
        <source>{--smtp-port} must be a number from 1 to 65535, not &apos;%1&apos;</source>
        <translation>{--smtp-port} muss eine Zahl von 1 bis 65535 sein, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>give the display name either in {--from} or with {--from-name}, not both</source>
        <translation>den Anzeigenamen entweder in {--from} oder mit {--from-name} angeben, nicht beides</translation>
    </message>
    <message>
        <source>unknown channel kind &apos;%1&apos;</source>
        <translation>unbekannte Kanalart &apos;%1&apos;</translation>
    </message>
    <message>
        <source>a %1 channel has no option --%2</source>
        <translation>ein %1-Kanal hat keine Option --%2</translation>
    </message>
    <message>
        <source>{--%1} must be a whole number from %2 to %3</source>
        <translation>{--%1} muss eine ganze Zahl von %2 bis %3 sein</translation>
    </message>
    <message>
        <source>give either {--token} or {--user} with {--password}, not both</source>
        <translation>entweder {--token} oder {--user} mit {--password} angeben, nicht beides</translation>
    </message>
    <message>
        <source>{--user} and {--password} go together</source>
        <translation>{--user} und {--password} gehören zusammen</translation>
    </message>
    <message>
        <source>{--html} must be true or false</source>
        <translation>{--html} muss true oder false sein</translation>
    </message>
    <message>
        <source>{--resend-interval}: %1</source>
        <translation>{--resend-interval}: %1</translation>
    </message>
</context>
<context>
    <name>ChannelChecks</name>
    <message>
        <source>{%1} is required</source>
        <translation>{%1} ist erforderlich</translation>
    </message>
    <message>
        <source>{%1} must start with https:// or http://</source>
        <translation>{%1} muss mit https:// oder http:// beginnen</translation>
    </message>
    <message>
        <source>{%1} has no host</source>
        <translation>{%1} hat keinen Host</translation>
    </message>
    <message>
        <source>header name &apos;%1&apos; is not valid</source>
        <translation>der Header-Name &apos;%1&apos; ist ungültig</translation>
    </message>
    <message>
        <source>header %1 has a line break in its value</source>
        <translation>der Header %1 hat einen Zeilenumbruch im Wert</translation>
    </message>
    <message>
        <source>{webhook_urls} or {bot_token} with {channel_ids} is required</source>
        <translation>{webhook_urls} oder {bot_token} mit {channel_ids} ist erforderlich</translation>
    </message>
    <message>
        <source>{channel_ids}: give at least one channel id to post to with {bot_token}</source>
        <translation>{channel_ids}: mindestens eine Kanal-ID angeben, in die mit {bot_token} gepostet wird</translation>
    </message>
    <message>
        <source>{bot_token} is required to post to {channel_ids}</source>
        <translation>{bot_token} ist erforderlich, um in {channel_ids} zu posten</translation>
    </message>
    <message>
        <source>{bot_token} must not contain spaces</source>
        <translation>{bot_token} darf keine Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>{channel_ids}: &apos;%1&apos; is not a channel id</source>
        <translation>{channel_ids}: &apos;%1&apos; ist keine Kanal-ID</translation>
    </message>
    <message>
        <source>{%1}: at least one URL is required</source>
        <translation>{%1}: mindestens eine URL ist erforderlich</translation>
    </message>
    <message>
        <source>{bot_token} is required</source>
        <translation>{bot_token} ist erforderlich</translation>
    </message>
    <message>
        <source>{bot_token} does not look like a Telegram bot token (digits:letters)</source>
        <translation>{bot_token} sieht nicht wie ein Telegram-Bot-Token aus (Ziffern:Buchstaben)</translation>
    </message>
    <message>
        <source>{chat_ids}: at least one chat id is required</source>
        <translation>{chat_ids}: mindestens eine Chat-ID ist erforderlich</translation>
    </message>
    <message>
        <source>{chat_ids}: &apos;%1&apos; is not a chat id (a number such as -1001234567890, or @channelname)</source>
        <translation>{chat_ids}: &apos;%1&apos; ist keine Chat-ID (eine Zahl wie -1001234567890 oder @kanalname)</translation>
    </message>
    <message>
        <source>{account_sid} is required</source>
        <translation>{account_sid} ist erforderlich</translation>
    </message>
    <message>
        <source>{account_sid} must be AC followed by 32 hexadecimal digits</source>
        <translation>{account_sid} muss AC gefolgt von 32 Hexadezimalziffern sein</translation>
    </message>
    <message>
        <source>{auth_token} is required</source>
        <translation>{auth_token} ist erforderlich</translation>
    </message>
    <message>
        <source>{auth_token} must not contain spaces</source>
        <translation>{auth_token} darf keine Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>{from} is required</source>
        <translation>{from} ist erforderlich</translation>
    </message>
    <message>
        <source>{from} &apos;%1&apos; is neither an E.164 number (+15551234567) nor an alphanumeric sender id</source>
        <translation>{from} &apos;%1&apos; ist weder eine E.164-Nummer (+15551234567) noch eine alphanumerische Absenderkennung</translation>
    </message>
    <message>
        <source>{to}: at least one recipient is required</source>
        <translation>{to}: mindestens ein Empfänger ist erforderlich</translation>
    </message>
    <message>
        <source>{to}: &apos;%1&apos; is not an E.164 number such as +15551234567</source>
        <translation>{to}: &apos;%1&apos; ist keine E.164-Nummer wie +15551234567</translation>
    </message>
    <message>
        <source>{max_segments} must be between 1 and %1</source>
        <translation>{max_segments} muss zwischen 1 und %1 liegen</translation>
    </message>
    <message>
        <source>{routing_key} is required</source>
        <translation>{routing_key} ist erforderlich</translation>
    </message>
    <message>
        <source>{routing_key} must be the 32 letters and digits of an Events API v2 integration key</source>
        <translation>{routing_key} muss aus den 32 Buchstaben und Ziffern eines Integrationsschlüssels der Events API v2 bestehen</translation>
    </message>
    <message>
        <source>{source} must be 1 to 255 characters</source>
        <translation>{source} muss 1 bis 255 Zeichen lang sein</translation>
    </message>
    <message>
        <source>%1 is required</source>
        <translation>%1 ist erforderlich</translation>
    </message>
    <message>
        <source>%1 is longer than 253 characters</source>
        <translation>%1 ist länger als 253 Zeichen</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; is not a host name or IP address</source>
        <translation>%1 &apos;%2&apos; ist kein Hostname und keine IP-Adresse</translation>
    </message>
    <message>
        <source>%1 is required: tls, starttls or none</source>
        <translation>%1 ist erforderlich: tls, starttls oder none</translation>
    </message>
    <message>
        <source>%1 must be tls, starttls or none, not &apos;%2&apos;</source>
        <translation>%1 muss tls, starttls oder none sein, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1 must be a whole number from 1 to 65535</source>
        <translation>%1 muss eine ganze Zahl von 1 bis 65535 sein</translation>
    </message>
    <message>
        <source>%1 is required (at least one recipient)</source>
        <translation>%1 ist erforderlich (mindestens ein Empfänger)</translation>
    </message>
    <message>
        <source>%1 has more than 100 recipients</source>
        <translation>%1 hat mehr als 100 Empfänger</translation>
    </message>
    <message>
        <source>%1, %2 and %3 must not contain control characters</source>
        <translation>%1, %2 und %3 dürfen keine Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>%1 none sends everything in clear text, so it cannot be used with %2, %3 or %4: use %1 starttls or %1 tls</source>
        <translation>%1 none sendet alles im Klartext und kann daher nicht mit %2, %3 oder %4 verwendet werden: %1 starttls oder %1 tls verwenden</translation>
    </message>
    <message>
        <source>%1 none is only allowed for a server on this machine (localhost, 127.0.0.1, ::1), not for %2: use %1 starttls or %1 tls</source>
        <translation>%1 none ist nur für einen Server auf diesem Rechner erlaubt (localhost, 127.0.0.1, ::1), nicht für %2: %1 starttls oder %1 tls verwenden</translation>
    </message>
    <message>
        <source>%1 has no use with %2 none</source>
        <translation>%1 hat mit %2 none keinen Zweck</translation>
    </message>
    <message>
        <source>give either %1 or %2, not both</source>
        <translation>entweder %1 oder %2 angeben, nicht beides</translation>
    </message>
    <message>
        <source>%1 needs %2 (the account to log in as)</source>
        <translation>%1 braucht %2 (das Konto für die Anmeldung)</translation>
    </message>
    <message>
        <source>%1 needs %2 or %3</source>
        <translation>%1 braucht %2 oder %3</translation>
    </message>
    <message>
        <source>%1 must be plain, login or xoauth2, not &apos;%2&apos;</source>
        <translation>%1 muss plain, login oder xoauth2 sein, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1 needs %2 with %3 or %4</source>
        <translation>%1 braucht %2 mit %3 oder %4</translation>
    </message>
    <message>
        <source>%1 xoauth2 needs %2</source>
        <translation>%1 xoauth2 braucht %2</translation>
    </message>
    <message>
        <source>%1 %2 needs %3</source>
        <translation>%1 %2 braucht %3</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; cannot be read</source>
        <translation>%1 &apos;%2&apos; kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; holds no PEM certificate</source>
        <translation>%1 &apos;%2&apos; enthält kein PEM-Zertifikat</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>%1 is the sender&apos;s field, %2 what is wrong with its mailbox (a message of the Mailbox context, such as &quot;&apos;x&apos; has no @&quot;).</extracomment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; %3</source>
        <extracomment>%1 is the recipients&apos; field, %2 one of its addresses, %3 what is wrong with it (a message of the Mailbox context, such as &quot;has no @&quot;).</extracomment>
        <translation>%1 &apos;%2&apos; %3</translation>
    </message>
    <message>
        <source>unknown channel kind &apos;%1&apos;</source>
        <translation>unbekannte Kanalart &apos;%1&apos;</translation>
    </message>
    <message>
        <source>channel name &apos;ingest&apos; is reserved (the ingest API keeps its token under it in the keychain)</source>
        <translation>der Kanalname &apos;ingest&apos; ist reserviert (die Ingest-API legt ihr Token unter diesem Namen im Schlüsselbund ab)</translation>
    </message>
    <message>
        <source>channel name &apos;%1&apos; is not valid: use 1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter or digit</source>
        <translation>der Kanalname &apos;%1&apos; ist ungültig: 1-64 Buchstaben, Ziffern, &apos;_&apos;, &apos;.&apos; oder &apos;-&apos; verwenden, beginnend mit einem Buchstaben oder einer Ziffer</translation>
    </message>
    <message>
        <source>a channel named &apos;%1&apos; exists already</source>
        <translation>ein Kanal namens &apos;%1&apos; existiert bereits</translation>
    </message>
    <message>
        <source>{from} &apos;%1&apos; is not an E.164 number such as +15551234567</source>
        <translation>{from} &apos;%1&apos; ist keine E.164-Nummer wie +15551234567</translation>
    </message>
    <message>
        <source>{repeat} must be between 1 and %1</source>
        <translation>{repeat} muss zwischen 1 und %1 liegen</translation>
    </message>
    <message>
        <source>{voice} &apos;%1&apos; is not a Twilio voice name such as Polly.Joanna</source>
        <translation>{voice} &apos;%1&apos; ist kein Twilio-Stimmenname wie Polly.Joanna</translation>
    </message>
    <message>
        <source>{language} &apos;%1&apos; is not a language tag such as en-US</source>
        <translation>{language} &apos;%1&apos; ist kein Sprachkürzel wie en-US</translation>
    </message>
    <message>
        <source>{topic} is required</source>
        <translation>{topic} ist erforderlich</translation>
    </message>
    <message>
        <source>{topic} &apos;%1&apos; may hold only letters, digits, - and _ (at most 64)</source>
        <translation>{topic} &apos;%1&apos; darf nur Buchstaben, Ziffern, - und _ enthalten (höchstens 64)</translation>
    </message>
    <message>
        <source>give either {token} or {user} with {password}, not both</source>
        <translation>entweder {token} oder {user} mit {password} angeben, nicht beides</translation>
    </message>
    <message>
        <source>{token} must not contain spaces</source>
        <translation>{token} darf keine Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>{password} is required with {user}</source>
        <translation>{password} ist mit {user} erforderlich</translation>
    </message>
    <message>
        <source>{user} is required with {password}</source>
        <translation>{user} ist mit {password} erforderlich</translation>
    </message>
    <message>
        <source>{user} must not contain &apos;:&apos;</source>
        <translation>{user} darf kein &apos;:&apos; enthalten</translation>
    </message>
    <message>
        <source>{%1} must be the 30 letters and digits Pushover shows</source>
        <translation>{%1} muss aus den 30 Buchstaben und Ziffern bestehen, die Pushover anzeigt</translation>
    </message>
    <message>
        <source>{devices}: &apos;%1&apos; is not a device name (letters, digits, - and _, at most 25)</source>
        <translation>{devices}: &apos;%1&apos; ist kein Gerätename (Buchstaben, Ziffern, - und _, höchstens 25)</translation>
    </message>
    <message>
        <source>{sound} &apos;%1&apos; is not a sound name such as siren</source>
        <translation>{sound} &apos;%1&apos; ist kein Tonname wie siren</translation>
    </message>
    <message>
        <source>{retry} must be at least %1 seconds</source>
        <translation>{retry} muss mindestens %1 Sekunden betragen</translation>
    </message>
    <message>
        <source>{expire} must be from {retry} to %1 seconds</source>
        <translation>{expire} muss zwischen {retry} und %1 Sekunden liegen</translation>
    </message>
    <message>
        <source>{urls}: give the URL of at least one cluster peer</source>
        <translation>{urls}: die URL mindestens eines Cluster-Peers angeben</translation>
    </message>
    <message>
        <source>{%1} must not carry a user or password: use {basic_auth}</source>
        <translation>{%1} darf keinen Benutzer und kein Passwort enthalten: {basic_auth} verwenden</translation>
    </message>
    <message>
        <source>{basic_auth} must look like USER:PASSWORD</source>
        <translation>{basic_auth} muss die Form BENUTZER:PASSWORT haben</translation>
    </message>
    <message>
        <source>{basic_auth} and {bearer_token} cannot both be given</source>
        <translation>{basic_auth} und {bearer_token} können nicht beide angegeben werden</translation>
    </message>
    <message>
        <source>{bearer_token} must not contain spaces</source>
        <translation>{bearer_token} darf keine Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>{resend_interval} must be a duration from 1s to 5m (such as 60s)</source>
        <translation>{resend_interval} muss eine Dauer von 1s bis 5m sein (etwa 60s)</translation>
    </message>
    <message>
        <source>{%1} contains a space or a line break; a URL has none</source>
        <translation>{%1} enthält ein Leerzeichen oder einen Zeilenumbruch; eine URL hat keine</translation>
    </message>
    <message>
        <source>{%1} has no scheme: it must start with https://</source>
        <translation>{%1} hat kein Schema: sie muss mit https:// beginnen</translation>
    </message>
    <message>
        <source>{%1} has no scheme: it must start with https:// or http://</source>
        <translation>{%1} hat kein Schema: sie muss mit https:// oder http:// beginnen</translation>
    </message>
    <message>
        <source>{%1} holds characters a URL cannot: &apos;%2&apos;</source>
        <translation>{%1} enthält Zeichen, die in einer URL nicht stehen dürfen: &apos;%2&apos;</translation>
    </message>
    <message>
        <source>{%1} is not a valid URL: check its host and port</source>
        <translation>{%1} ist keine gültige URL: prüfen Sie Host und Port</translation>
    </message>
    <message>
        <source>{%1} must start with https://</source>
        <translation>{%1} muss mit https:// beginnen</translation>
    </message>
    <message>
        <source>{%1} must start with https://: over http:// its secret would travel unencrypted</source>
        <translation>{%1} muss mit https:// beginnen: über http:// ginge ihr Geheimnis unverschlüsselt über das Netz</translation>
    </message>
</context>
<context>
    <name>ChannelPreview</name>
    <message>
        <source>(idempotency key)</source>
        <translation>(Idempotenzschlüssel)</translation>
    </message>
    <message>
        <source>Notification text: %1</source>
        <translation>Benachrichtigungstext: %1</translation>
    </message>
    <message>
        <source>One embed, %1 of %2 characters</source>
        <translation>Ein Embed, %1 von %2 Zeichen</translation>
    </message>
    <message>
        <source>HTML text, %1 of %2 visible characters</source>
        <translation>HTML-Text, %1 von %2 sichtbaren Zeichen</translation>
    </message>
    <message>
        <source>1 segment</source>
        <translation>1 Segment</translation>
    </message>
    <message>
        <source>%1 segments</source>
        <translation>%1 Segmente</translation>
    </message>
    <message>
        <source>%1, %2, %3 characters</source>
        <translation>%1, %2, %3 Zeichen</translation>
    </message>
    <message>
        <source>GSM-7</source>
        <translation>GSM-7</translation>
    </message>
    <message>
        <source>UCS-2</source>
        <translation>UCS-2</translation>
    </message>
    <message>
        <source>Text and HTML parts; the text part:</source>
        <translation>Text- und HTML-Teil; der Textteil:</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>Betreff: %1</translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation>An: %1</translation>
    </message>
    <message>
        <source>Adaptive Card, %1 of %2 bytes</source>
        <translation>Adaptive Card, %1 von %2 Bytes</translation>
    </message>
    <message>
        <source>(routing key)</source>
        <translation>(Routing-Schlüssel)</translation>
    </message>
    <message>
        <source>Events API v2 trigger, severity %1</source>
        <translation>Events API v2 trigger, Schweregrad %1</translation>
    </message>
    <message>
        <source>Desktop notification</source>
        <translation>Desktop-Benachrichtigung</translation>
    </message>
    <message>
        <source>JSON POST, %1 bytes</source>
        <translation>JSON-POST, %1 Bytes</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>What the call says (once); delivered when answered</source>
        <translation>Was der Anruf sagt (einmal); zugestellt, wenn angenommen</translation>
    </message>
    <message>
        <source>What the call says (%1 times); delivered when answered</source>
        <translation>Was der Anruf sagt (%1-mal); zugestellt, wenn angenommen</translation>
    </message>
    <message>
        <source>Push, priority %1 of 5</source>
        <translation>Push, Priorität %1 von 5</translation>
    </message>
    <message>
        <source>Opens: %1</source>
        <translation>Öffnet: %1</translation>
    </message>
    <message>
        <source>Push, emergency priority: repeats every %1 s for up to %2 s until acknowledged</source>
        <translation>Push, Notfallpriorität: wiederholt alle %1 s bis zu %2 s lang, bis bestätigt</translation>
    </message>
    <message>
        <source>Push, priority %1</source>
        <translation>Push, Priorität %1</translation>
    </message>
    <message>
        <source>POST /api/v2/alerts to every peer, severity %1</source>
        <translation>POST /api/v2/alerts an jeden Peer, Schweregrad %1</translation>
    </message>
</context>
<context>
    <name>DeliveryErrors</name>
    <message numerus="yes">
        <source>gave up after %n attempt(s): %1</source>
        <translation>
            <numerusform>nach %n Versuch aufgegeben: %1</numerusform>
            <numerusform>nach %n Versuchen aufgegeben: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>is empty; give a duration such as 30s, 5m, 1h or 1d</source>
        <extracomment>What is wrong with an option&apos;s or field&apos;s value, after its name: &quot;Cooldown is empty; ...&quot;.</extracomment>
        <translation>ist leer; eine Dauer wie 30s, 5m, 1h oder 1d angeben</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a duration; use a number with a unit (ms, s, m, h, d, w), e.g. 30s, 5m, 1h30m</source>
        <extracomment>%1 is the text typed. The units ms, s, m, h, d and w are what AlertDesk reads: keep them.</extracomment>
        <translation>&apos;%1&apos; ist keine Dauer; eine Zahl mit Einheit verwenden (ms, s, m, h, d, w), z. B. 30s, 5m, 1h30m</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is too long a duration</source>
        <translation>&apos;%1&apos; ist eine zu lange Dauer</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an ISO 8601 date and time (e.g. 2026-03-29T07:00:00Z or 2026-03-29T09:00+02:00)</source>
        <translation>&apos;%1&apos; ist kein Datum mit Uhrzeit nach ISO 8601 (z. B. 2026-03-29T07:00:00Z oder 2026-03-29T09:00+02:00)</translation>
    </message>
</context>
<context>
    <name>Mailbox</name>
    <message>
        <source>is empty</source>
        <extracomment>This and the other messages of this context follow the address or its field: &quot;{to} &apos;x&apos; has no @&quot;.</extracomment>
        <translation>ist leer</translation>
    </message>
    <message>
        <source>must be ASCII (internationalised addresses are not supported)</source>
        <translation>muss ASCII sein (internationalisierte Adressen werden nicht unterstützt)</translation>
    </message>
    <message>
        <source>must not contain spaces or control characters</source>
        <translation>darf keine Leer- oder Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>is longer than 254 characters</source>
        <translation>ist länger als 254 Zeichen</translation>
    </message>
    <message>
        <source>has no @</source>
        <translation>hat kein @</translation>
    </message>
    <message>
        <source>has nothing before the @</source>
        <translation>hat nichts vor dem @</translation>
    </message>
    <message>
        <source>has more than 64 characters before the @</source>
        <translation>hat mehr als 64 Zeichen vor dem @</translation>
    </message>
    <message>
        <source>has a misplaced dot before the @</source>
        <translation>hat einen falsch gesetzten Punkt vor dem @</translation>
    </message>
    <message>
        <source>has the character &apos;%1&apos; before the @ (quoted local parts are not supported)</source>
        <translation>hat das Zeichen &apos;%1&apos; vor dem @ (lokale Teile in Anführungszeichen werden nicht unterstützt)</translation>
    </message>
    <message>
        <source>has no domain after the @</source>
        <translation>hat keine Domain nach dem @</translation>
    </message>
    <message>
        <source>has an unterminated [address] domain</source>
        <translation>hat eine nicht geschlossene [Adress]-Domain</translation>
    </message>
    <message>
        <source>has an invalid [address] domain</source>
        <translation>hat eine ungültige [Adress]-Domain</translation>
    </message>
    <message>
        <source>has a domain longer than 253 characters</source>
        <translation>hat eine Domain mit mehr als 253 Zeichen</translation>
    </message>
    <message>
        <source>has an invalid domain &apos;%1&apos;</source>
        <translation>hat eine ungültige Domain &apos;%1&apos;</translation>
    </message>
    <message>
        <source>has a &apos;&gt;&apos; without &apos;&lt;&apos;</source>
        <translation>hat ein &apos;&gt;&apos; ohne &apos;&lt;&apos;</translation>
    </message>
    <message>
        <source>has a control character in its display name</source>
        <translation>hat ein Steuerzeichen im Anzeigenamen</translation>
    </message>
    <message>
        <source>has a display name longer than 128 characters</source>
        <translation>hat einen Anzeigenamen mit mehr als 128 Zeichen</translation>
    </message>
    <message>
        <source>has a &apos;&lt;&apos; without &apos;&gt;&apos;</source>
        <translation>hat ein &apos;&lt;&apos; ohne &apos;&gt;&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; %2</source>
        <extracomment>%1 is the address, %2 what is wrong with it (such as &quot;has no @&quot;).</extracomment>
        <translation>&apos;%1&apos; %2</translation>
    </message>
</context>
<context>
    <name>RuleArgs</name>
    <message>
        <source>once-per needs an interval longer than 0</source>
        <translation>once-per braucht ein Intervall länger als 0</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not once, every or once-per:DURATION (e.g. once-per:1h)</source>
        <translation>&apos;%1&apos; ist nicht once, every oder once-per:DAUER (z. B. once-per:1h)</translation>
    </message>
    <message>
        <source>{--%1} is required</source>
        <translation>{--%1} ist erforderlich</translation>
    </message>
    <message>
        <source>{--%1} must be a number, not &apos;%2&apos;</source>
        <translation>{--%1} muss eine Zahl sein, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>{--when} &apos;%1&apos; is not one of %2</source>
        <translation>{--when} &apos;%1&apos; ist nicht eines von %2</translation>
    </message>
    <message>
        <source>{--expires} %1 is in the past</source>
        <translation>{--expires} %1 liegt in der Vergangenheit</translation>
    </message>
    <message>
        <source>{--type} &apos;%1&apos; is not one of %2</source>
        <translation>{--type} &apos;%1&apos; ist nicht eines von %2</translation>
    </message>
    <message>
        <source>{--priority} &apos;%1&apos; is not one of %2</source>
        <translation>{--priority} &apos;%1&apos; ist nicht eines von %2</translation>
    </message>
    <message>
        <source>once-per: %1</source>
        <extracomment>%1 says what is wrong with the interval after &quot;once-per:&quot; (a message of the Duration context).</extracomment>
        <translation>once-per: %1</translation>
    </message>
    <message>
        <source>{--%1} %2</source>
        <extracomment>%1 is the option (the form shows its label), %2 what is wrong with its duration (a message of the Duration context, such as &quot;&apos;5x&apos; is not a duration; ...&quot;).</extracomment>
        <translation>{--%1} %2</translation>
    </message>
    <message>
        <source>{--frequency} %1</source>
        <extracomment>%1 is what is wrong with the frequency, such as &quot;once-per: &apos;5x&apos; is not a duration; ...&quot;.</extracomment>
        <translation>{--frequency} %1</translation>
    </message>
</context>
<context>
    <name>RuleChecks</name>
    <message>
        <source>&apos;%1&apos; is not a valid rule name: use 1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter or digit</source>
        <translation>&apos;%1&apos; ist kein gültiger Regelname: 1-64 Buchstaben, Ziffern, &apos;_&apos;, &apos;.&apos; oder &apos;-&apos; verwenden, beginnend mit einem Buchstaben oder einer Ziffer</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid metric key: use 1-128 letters, digits and . _ - : / @</source>
        <translation>&apos;%1&apos; ist kein gültiger Metrikschlüssel: 1-128 Buchstaben, Ziffern und . _ - : / @ verwenden</translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <translation>muss eine endliche Zahl sein</translation>
    </message>
    <message>
        <source>only applies to enter-range and leave-range</source>
        <translation>gilt nur für enter-range und leave-range</translation>
    </message>
    <message>
        <source>is the size of the move in percent and must be greater than 0</source>
        <translation>ist die Größe der Bewegung in Prozent und muss größer als 0 sein</translation>
    </message>
    <message>
        <source>is required by %1 and must be longer than 0</source>
        <translation>ist für %1 erforderlich und muss länger als 0 sein</translation>
    </message>
    <message>
        <source>only applies to moved-up and moved-down</source>
        <translation>gilt nur für moved-up und moved-down</translation>
    </message>
    <message>
        <source>once-per needs an interval longer than 0, e.g. once-per:1h</source>
        <translation>once-per braucht ein Intervall länger als 0, z. B. once-per:1h</translation>
    </message>
    <message>
        <source>only once-per takes an interval</source>
        <translation>nur once-per nimmt ein Intervall</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>darf nicht negativ sein</translation>
    </message>
    <message>
        <source>must be a time after 1970</source>
        <translation>muss ein Zeitpunkt nach 1970 sein</translation>
    </message>
    <message>
        <source>is %1 characters long; the limit is %2</source>
        <translation>ist %1 Zeichen lang; die Grenze ist %2</translation>
    </message>
    <message>
        <source>names %1 channels; the limit is %2</source>
        <translation>nennt %1 Kanäle; die Grenze ist %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a channel name</source>
        <translation>&apos;%1&apos; ist kein Kanalname</translation>
    </message>
    <message>
        <source>is required by %1: the range is from {--value} to {--value2}</source>
        <translation>ist für %1 erforderlich: der Bereich reicht von {--value} bis {--value2}</translation>
    </message>
    <message>
        <source>must be greater than {--value}</source>
        <translation>muss größer als {--value} sein</translation>
    </message>
    <message>
        <source>uses the unknown placeholder %1 (known: %2)</source>
        <translation>verwendet den unbekannten Platzhalter %1 (bekannt: %2)</translation>
    </message>
</context>
<context>
    <name>RuleTrial</name>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation>„%1“ ist keine Zahl</translation>
    </message>
    <message>
        <source>%1 compares with the previous value: type one.</source>
        <translation>%1 vergleicht mit dem vorigen Wert: Geben Sie einen ein.</translation>
    </message>
    <message>
        <source>%1 measures the move within the window: type the earlier values of the window.</source>
        <translation>%1 misst die Bewegung im Zeitfenster: Geben Sie die früheren Werte des Fensters ein.</translation>
    </message>
    <message>
        <source>%1 against the threshold %2.</source>
        <translation>%1 gegenüber dem Schwellenwert %2.</translation>
    </message>
    <message>
        <source>From %1 to %2 against the threshold %3.</source>
        <translation>Von %1 auf %2 gegenüber dem Schwellenwert %3.</translation>
    </message>
    <message>
        <source>From %1 to %2 against the range %3.</source>
        <translation>Von %1 auf %2 gegenüber dem Bereich %3.</translation>
    </message>
    <message>
        <source>%1 is %2% above the window&apos;s lowest value %3; the rule wants %4%.</source>
        <translation>%1 liegt %2 % über dem tiefsten Wert %3 des Fensters; die Regel verlangt %4 %.</translation>
    </message>
    <message>
        <source>%1 is %2% below the window&apos;s highest value %3; the rule wants %4%.</source>
        <translation>%1 liegt %2 % unter dem höchsten Wert %3 des Fensters; die Regel verlangt %4 %.</translation>
    </message>
</context>
<context>
    <name>RulesText</name>
    <message>
        <source>above</source>
        <translation>über</translation>
    </message>
    <message>
        <source>below</source>
        <translation>unter</translation>
    </message>
    <message>
        <source>crossing (either way)</source>
        <translation>kreuzt (beide Richtungen)</translation>
    </message>
    <message>
        <source>crossing up</source>
        <translation>kreuzt nach oben</translation>
    </message>
    <message>
        <source>crossing down</source>
        <translation>kreuzt nach unten</translation>
    </message>
    <message>
        <source>moved up (% within a window)</source>
        <translation>gestiegen (% im Zeitfenster)</translation>
    </message>
    <message>
        <source>moved down (% within a window)</source>
        <translation>gefallen (% im Zeitfenster)</translation>
    </message>
    <message>
        <source>entering a range</source>
        <translation>tritt in Bereich ein</translation>
    </message>
    <message>
        <source>leaving a range</source>
        <translation>verlässt Bereich</translation>
    </message>
    <message>
        <source>above %1</source>
        <translation>über %1</translation>
    </message>
    <message>
        <source>below %1</source>
        <translation>unter %1</translation>
    </message>
    <message>
        <source>crossing %1</source>
        <translation>kreuzt %1</translation>
    </message>
    <message>
        <source>crossing up %1</source>
        <translation>kreuzt %1 nach oben</translation>
    </message>
    <message>
        <source>crossing down %1</source>
        <translation>kreuzt %1 nach unten</translation>
    </message>
    <message>
        <source>up %1% within %2</source>
        <translation>+%1 % in %2</translation>
    </message>
    <message>
        <source>down %1% within %2</source>
        <translation>−%1 % in %2</translation>
    </message>
    <message>
        <source>entering %1 … %2</source>
        <translation>tritt in %1 … %2 ein</translation>
    </message>
    <message>
        <source>leaving %1 … %2</source>
        <translation>verlässt %1 … %2</translation>
    </message>
    <message>
        <source>once</source>
        <translation>einmal</translation>
    </message>
    <message>
        <source>every time</source>
        <translation>jedes Mal</translation>
    </message>
    <message>
        <source>once per %1</source>
        <translation>einmal pro %1</translation>
    </message>
    <message>
        <source>%1 · cooldown %2</source>
        <translation>%1 · Sperrzeit %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>abgelaufen %1</translation>
    </message>
    <message>
        <source>%1 (1 time)</source>
        <translation>%1 (1-mal)</translation>
    </message>
    <message>
        <source>%1 (%2 times)</source>
        <translation>%1 (%2-mal)</translation>
    </message>
    <message>
        <source>%1 · spent</source>
        <translation>%1 · verbraucht</translation>
    </message>
</context>
<context>
    <name>SettingChecks</name>
    <message>
        <source>%1 must be a string</source>
        <translation>%1 muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>%1 is longer than %2 characters</source>
        <translation>%1 ist länger als %2 Zeichen</translation>
    </message>
    <message>
        <source>network.proxy must not hold a password: it belongs in the keychain</source>
        <translation>network.proxy darf kein Passwort enthalten: Es gehört in den Schlüsselbund</translation>
    </message>
    <message>
        <source>%1 must be one of %2</source>
        <translation>%1 muss eines von %2 sein</translation>
    </message>
    <message>
        <source>%1 must be true or false</source>
        <translation>%1 muss true oder false sein</translation>
    </message>
    <message>
        <source>%1 must be a number</source>
        <translation>%1 muss eine Zahl sein</translation>
    </message>
    <message>
        <source>%1 must be a finite number</source>
        <translation>%1 muss eine endliche Zahl sein</translation>
    </message>
    <message>
        <source>%1 must be a whole number</source>
        <translation>%1 muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <source>%1 must be between %2 and %3</source>
        <translation>%1 muss zwischen %2 und %3 liegen</translation>
    </message>
    <message>
        <source>%1 must be one of %2, not &apos;%3&apos;</source>
        <translation>%1 muss eines von %2 sein, nicht &apos;%3&apos;</translation>
    </message>
    <message>
        <source>%1 must be true or false, not &apos;%2&apos;</source>
        <translation>%1 muss true oder false sein, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1 must be a number, not &apos;%2&apos;</source>
        <translation>%1 muss eine Zahl sein, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>network.proxy must be system, none or http://[user[:password]@]host:port</source>
        <extracomment>network.proxy is the setting&apos;s key; system, none and the URL&apos;s form are what it takes.</extracomment>
        <translation>network.proxy muss system, none oder http://[benutzer[:passwort]@]host:port sein</translation>
    </message>
    <message>
        <source>%1 must be a JSON object</source>
        <translation>%1 muss ein JSON-Objekt sein</translation>
    </message>
</context>
<context>
    <name>SourceArgs</name>
    <message>
        <source>{--%1} is given more than once</source>
        <translation>{--%1} ist mehr als einmal angegeben</translation>
    </message>
    <message>
        <source>{--topic} is required</source>
        <translation>{--topic} ist erforderlich</translation>
    </message>
    <message>
        <source>{--topic} must be 1-64 letters, digits, &apos;-&apos; or &apos;_&apos; (ntfy&apos;s rule for topic names)</source>
        <translation>{--topic} muss aus 1–64 Buchstaben, Ziffern, &apos;-&apos; oder &apos;_&apos; bestehen (die Regel von ntfy für Topic-Namen)</translation>
    </message>
    <message>
        <source>{--server} must be an http:// or https:// address without a query or a login, e.g. https://ntfy.sh</source>
        <translation>{--server} muss eine http://- oder https://-Adresse ohne Query und ohne Anmeldedaten sein, z. B. https://ntfy.sh</translation>
    </message>
    <message>
        <source>{--type} must be one of %1</source>
        <translation>{--type} muss eines von %1 sein</translation>
    </message>
    <message>
        <source>{--priority} must be one of %1</source>
        <translation>{--priority} muss eines von %1 sein</translation>
    </message>
    <message>
        <source>{--channel}: &apos;%1&apos; is not a channel name</source>
        <translation>{--channel}: &apos;%1&apos; ist kein Kanalname</translation>
    </message>
    <message>
        <source>{--token} must not contain spaces or control characters</source>
        <translation>{--token} darf keine Leer- oder Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid source name: use 1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter or digit</source>
        <translation>&apos;%1&apos; ist kein gültiger Quellenname: verwenden Sie 1–64 Buchstaben, Ziffern, &apos;_&apos;, &apos;.&apos; oder &apos;-&apos;, beginnend mit einem Buchstaben oder einer Ziffer</translation>
    </message>
</context>
<context>
    <name>UiText</name>
    <message>
        <source>Price</source>
        <translation>Kurs</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>Performance</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Systemzustand</translation>
    </message>
    <message>
        <source>Milestone</source>
        <translation>Meilenstein</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigener</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation>Zurückgestellt</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>eingereiht</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed, will retry</source>
        <translation>fehlgeschlagen, wird wiederholt</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>open (paused)</source>
        <translation>offen (pausiert)</translation>
    </message>
    <message>
        <source>probing</source>
        <translation>wird getestet</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>no channel</source>
        <translation>kein Kanal</translation>
    </message>
    <message>
        <source>%1/%2 delivered</source>
        <translation>%1/%2 zugestellt</translation>
    </message>
    <message numerus="yes">
        <source>, %n failed</source>
        <translation>
            <numerusform>, %n fehlgeschlagen</numerusform>
            <numerusform>, %n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n cancelled</source>
        <translation>
            <numerusform>, %n abgebrochen</numerusform>
            <numerusform>, %n abgebrochen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n queued</source>
        <translation>
            <numerusform>, %n eingereiht</numerusform>
            <numerusform>, %n eingereiht</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source> · %1 failed</source>
        <translation> · %1 Fehler</translation>
    </message>
    <message>
        <source> · %1 cancelled</source>
        <translation> · %1 abgebrochen</translation>
    </message>
    <message>
        <source> · %1 queued</source>
        <translation> · %1 eingereiht</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>the “%1” on line %2, column %3 closes nothing</source>
        <translation>das „%1“ in Zeile %2, Spalte %3 schließt nichts</translation>
    </message>
    <message>
        <source>the “%1” on line %2, column %3 does not match the “%4” of line %5, column %6</source>
        <translation>das „%1“ in Zeile %2, Spalte %3 passt nicht zum „%4“ in Zeile %5, Spalte %6</translation>
    </message>
    <message>
        <source>the text in quotes from line %1, column %2 has no closing “&quot;”</source>
        <translation>dem Text in Anführungszeichen ab Zeile %1, Spalte %2 fehlt das schließende „&quot;“</translation>
    </message>
    <message>
        <source>a “%1” is missing to close the “%2” of line %3, column %4</source>
        <translation>es fehlt ein „%1“, um das „%2“ in Zeile %3, Spalte %4 zu schließen</translation>
    </message>
    <message>
        <source>%1 on line %2, column %3</source>
        <translation>%1 in Zeile %2, Spalte %3</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertDetailsPane</name>
    <message>
        <source>Select an alert to see its fields, its data and every delivery attempt.</source>
        <translation>Wählen Sie einen Alarm, um seine Felder, seine Daten und jeden Zustellversuch zu sehen.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Dedup key</source>
        <translation>Dedup-Schlüssel</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Alert data</source>
        <translation>Alarmdaten</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Zustellungen</translation>
    </message>
    <message>
        <source>Channel / attempt</source>
        <translation>Kanal / Versuch</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Delivery attempts</source>
        <translation>Zustellversuche</translation>
    </message>
    <message numerus="yes">
        <source>{%n field(s)}</source>
        <translation>
            <numerusform>{%n Feld}</numerusform>
            <numerusform>{%n Felder}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n Element]</numerusform>
            <numerusform>[%n Elemente]</numerusform>
        </translation>
    </message>
    <message>
        <source>every enabled channel</source>
        <translation>jeder aktive Kanal</translation>
    </message>
    <message>
        <source>(no data)</source>
        <translation>(keine Daten)</translation>
    </message>
    <message>
        <source>(no delivery: no channel was targeted)</source>
        <translation>(keine Zustellung: kein Kanal war Ziel)</translation>
    </message>
    <message numerus="yes">
        <source>%1 after %n attempt(s)</source>
        <translation>
            <numerusform>%1 nach %n Versuch</numerusform>
            <numerusform>%1 nach %n Versuchen</numerusform>
        </translation>
    </message>
    <message>
        <source>Attempt %1</source>
        <translation>Versuch %1</translation>
    </message>
    <message>
        <source>%1 · HTTP %2</source>
        <translation>%1 · HTTP %2</translation>
    </message>
    <message>
        <source>Occurrences</source>
        <translation>Vorkommen</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Snoozed until</source>
        <translation>Zurückgestellt bis</translation>
    </message>
    <message>
        <source>State changes</source>
        <translation>Zustandsänderungen</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Durch</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>(no change yet: the alert is as it arrived)</source>
        <translation>(noch keine Änderung: der Alarm ist, wie er ankam)</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy this alert as text, Markdown, JSON or a link that opens it</source>
        <translation>Diesen Alarm als Text, Markdown, JSON oder als Link kopieren, der ihn öffnet</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>The silence on the cluster by %1 ended at %2</source>
        <translation>Die Stummschaltung im Cluster von %1 endete am %2</translation>
    </message>
    <message>
        <source>Silenced on the cluster by %1 until %2</source>
        <translation>Im Cluster stummgeschaltet von %1 bis %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Silenced on the cluster</source>
        <translation>Im Cluster stummgeschaltet</translation>
    </message>
    <message>
        <source>Cluster silence ended</source>
        <translation>Stummschaltung im Cluster beendet</translation>
    </message>
    <message>
        <source>%1, until %2</source>
        <translation>%1, bis %2</translation>
    </message>
    <message>
        <source>%1, ended at %2</source>
        <translation>%1, beendet am %2</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsExport</name>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON-Zeilen (*.jsonl)</translation>
    </message>
    <message>
        <source>Export alerts</source>
        <translation>Alarme exportieren</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Exporting alerts to %1…</source>
        <translation>Alarme werden nach %1 exportiert …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n alert(s) to %1</source>
        <translation>
            <numerusform>%n Alarm nach %1 exportiert</numerusform>
            <numerusform>%n Alarme nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written to %1</source>
        <translation>Export abgebrochen: nichts wurde nach %1 geschrieben</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Zustellungen</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsPage</name>
    <message>
        <source>&lt;h3&gt;No alerts yet&lt;/h3&gt;&lt;p&gt;Alerts from your bots, from &lt;tt&gt;alertdesk-cli send&lt;/tt&gt; or from the Compose page appear here the moment they arrive.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Alarme&lt;/h3&gt;&lt;p&gt;Alarme Ihrer Bots, von &lt;tt&gt;alertdesk-cli send&lt;/tt&gt; oder von der Seite Verfassen erscheinen hier, sobald sie eintreffen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>No alert matches these filters.</source>
        <translation>Kein Alarm passt zu diesen Filtern.</translation>
    </message>
    <message>
        <source>S&amp;nooze</source>
        <translation>&amp;Zurückstellen</translation>
    </message>
    <message>
        <source>&amp;Acknowledge…</source>
        <translation>&amp;Bestätigen…</translation>
    </message>
    <message>
        <source>Acknowledge the selected alerts, with an optional note (Ctrl+Shift+A)</source>
        <translation>Die ausgewählten Alarme bestätigen, mit optionaler Notiz (Strg+Umschalt+A)</translation>
    </message>
    <message>
        <source>&amp;Resolve</source>
        <translation>&amp;Erledigen</translation>
    </message>
    <message>
        <source>Resolve the selected alerts (Ctrl+Shift+R)</source>
        <translation>Die ausgewählten Alarme erledigen (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <source>For 15 minutes</source>
        <translation>Für 15 Minuten</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>Für 1 Stunde</translation>
    </message>
    <message>
        <source>For 4 hours</source>
        <translation>Für 4 Stunden</translation>
    </message>
    <message>
        <source>Until tomorrow 08:00</source>
        <translation>Bis morgen 08:00</translation>
    </message>
    <message>
        <source>Until a date and time…</source>
        <translation>Bis zu Datum und Uhrzeit…</translation>
    </message>
    <message>
        <source>Snooze the selected alerts: they open again when the time is up (Ctrl+Shift+S)</source>
        <translation>Die ausgewählten Alarme zurückstellen: Nach Ablauf der Zeit sind sie wieder offen (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>Alerts nobody has acknowledged, snoozed or resolved yet: click to show only them</source>
        <translation>Alarme, die noch niemand bestätigt, zurückgestellt oder erledigt hat: klicken, um nur diese zu zeigen</translation>
    </message>
    <message>
        <source>Search titles and messages (Ctrl+F)</source>
        <translation>Titel und Text suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Jeder Zustand</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>Jede Priorität</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Any type</source>
        <translation>Jeder Typ</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Any symbol</source>
        <translation>Jedes Symbol</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation>Jeder Kanal</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Jederzeit</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>Eigener Zeitraum…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>Zu&amp;rücksetzen</translation>
    </message>
    <message>
        <source>Show every alert again</source>
        <translation>Wieder alle Alarme zeigen</translation>
    </message>
    <message>
        <source>%1 unacknowledged</source>
        <translation>%1 unbestätigt</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
    <message>
        <source> · not changed: %1</source>
        <translation> · nicht geändert: %1</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Re&amp;open</source>
        <translation>&amp;Wieder öffnen</translation>
    </message>
    <message>
        <source>Open the selected alerts again: undoes acknowledge, snooze or resolve (Ctrl+Shift+O)</source>
        <translation>Die ausgewählten Alarme wieder öffnen: macht Bestätigen, Zurückstellen oder Erledigen rückgängig (Strg+Umschalt+O)</translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation>%1 und höher</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Acknowledge %Ln…</source>
        <translation>
            <numerusform>&amp;Bestätigen (%Ln)…</numerusform>
            <numerusform>&amp;Bestätigen (%Ln)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>S&amp;nooze %Ln</source>
        <translation>
            <numerusform>&amp;Zurückstellen (%Ln)</numerusform>
            <numerusform>&amp;Zurückstellen (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Resolve %Ln</source>
        <translation>
            <numerusform>&amp;Erledigen (%Ln)</numerusform>
            <numerusform>&amp;Erledigen (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Re&amp;open %Ln</source>
        <translation>
            <numerusform>&amp;Wieder öffnen (%Ln)</numerusform>
            <numerusform>&amp;Wieder öffnen (%Ln)</numerusform>
        </translation>
    </message>
    <message>
        <source> · cancelled</source>
        <translation> · abgebrochen</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledged: %Ln</source>
        <translation>
            <numerusform>Bestätigt: %Ln</numerusform>
            <numerusform>Bestätigt: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Snoozed: %Ln</source>
        <translation>
            <numerusform>Zurückgestellt: %Ln</numerusform>
            <numerusform>Zurückgestellt: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Resolved: %Ln</source>
        <translation>
            <numerusform>Erledigt: %Ln</numerusform>
            <numerusform>Erledigt: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reopened: %Ln</source>
        <translation>
            <numerusform>Wieder geöffnet: %Ln</numerusform>
            <numerusform>Wieder geöffnet: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · not changed: %Ln</source>
        <translation>
            <numerusform> · nicht geändert: %Ln</numerusform>
            <numerusform> · nicht geändert: %Ln</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>alertdesk::Application</name>
    <message>
        <source>AlertDesk: routes trading alerts to your channels.</source>
        <translation>AlertDesk: leitet Trading-Alarme an Ihre Kanäle weiter.</translation>
    </message>
    <message>
        <source>Open the profile in DIR (default: %1).</source>
        <translation>Das Profil in VERZ öffnen (Standard: %1).</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>VERZ</translation>
    </message>
    <message>
        <source>PAGE</source>
        <translation>SEITE</translation>
    </message>
    <message>
        <source>Window size WIDTHxHEIGHT (default: 1280x800).</source>
        <translation>Fenstergröße BREITExHÖHE (Standard: 1280x800).</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>GRÖSSE</translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE (PNG) once it has loaded, then quit.</source>
        <translation>Ein Bild des Fensters nach dem Laden in DATEI (PNG) speichern, dann beenden.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>An alertdesk://alert/ID link (copied from an alert, or a notification&apos;s): opens that alert.</source>
        <translation>Ein alertdesk://alert/ID-Link (von einem Alarm oder einer Benachrichtigung kopiert): öffnet diesen Alarm.</translation>
    </message>
    <message>
        <source>Start on PAGE: alerts, channels, thresholds, compose, settings or dashboard (settings/SECTION: delivery, window, sounds, ingest, quiet-hours, escalation, network, sources).</source>
        <translation>Mit SEITE starten: alerts, channels, thresholds, compose, settings oder dashboard (settings/ABSCHNITT: delivery, window, sounds, ingest, quiet-hours, escalation, network, sources).</translation>
    </message>
</context>
<context>
    <name>alertdesk::AppriseUrlDialog</name>
    <message>
        <source>Add a channel from an Apprise URL</source>
        <translation>Kanal aus einer Apprise-URL hinzufügen</translation>
    </message>
    <message>
        <source>Paste the URL you use with Apprise, for example tgram://TOKEN/CHAT_ID, discord://ID/TOKEN, slack://A/B/C, mailtos://user:password@example.com, jsons://host/path or pagerduty://KEY. Schemes AlertDesk reads: %1.</source>
        <translation>Fügen Sie die URL ein, die Sie mit Apprise verwenden, zum Beispiel tgram://TOKEN/CHAT_ID, discord://ID/TOKEN, slack://A/B/C, mailtos://user:password@example.com, jsons://host/path oder pagerduty://KEY. Schemata, die AlertDesk liest: %1.</translation>
    </message>
    <message>
        <source>scheme://…</source>
        <translation>schema://…</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>Optional: the kind&apos;s name (telegram, discord, …) by default</source>
        <translation>Optional: standardmäßig der Name der Art (telegram, discord, …)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Its tokens and passwords go to the system keychain, never to disk.</source>
        <translation>Ihre Tokens und Passwörter kommen in den Schlüsselbund des Systems, nie auf die Festplatte.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>&amp;Add channel</source>
        <translation>Kanal &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation>Wird hinzugefügt…</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Nicht hinzugefügt: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::BulkActionRunner</name>
    <message>
        <source>Acknowledge %1 alerts?</source>
        <translation>%1 Alarme bestätigen?</translation>
    </message>
    <message>
        <source>&amp;Acknowledge %1</source>
        <translation>%1 &amp;bestätigen</translation>
    </message>
    <message>
        <source>Snooze %1 alerts?</source>
        <translation>%1 Alarme zurückstellen?</translation>
    </message>
    <message>
        <source>S&amp;nooze %1</source>
        <translation>%1 &amp;zurückstellen</translation>
    </message>
    <message>
        <source>Resolve %1 alerts?</source>
        <translation>%1 Alarme erledigen?</translation>
    </message>
    <message>
        <source>&amp;Resolve %1</source>
        <translation>%1 &amp;erledigen</translation>
    </message>
    <message>
        <source>Reopen %1 alerts?</source>
        <translation>%1 Alarme wieder öffnen?</translation>
    </message>
    <message>
        <source>Re&amp;open %1</source>
        <translation>%1 &amp;wieder öffnen</translation>
    </message>
    <message>
        <source>This applies to every alert that matches the filter, also those not shown yet.</source>
        <translation>Das gilt für jeden Alarm, der zum Filter passt, auch für die noch nicht angezeigten.</translation>
    </message>
    <message>
        <source>Working on %1 alerts…</source>
        <translation>%1 Alarme in Arbeit…</translation>
    </message>
    <message>
        <source>Stopping after this batch…</source>
        <translation>Halte nach diesem Stapel an…</translation>
    </message>
    <message>
        <source>Done %1 of %2 alerts…</source>
        <translation>%1 von %2 Alarmen erledigt…</translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelDialog</name>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Optional, one per line, e.g.
Authorization: Bearer …</source>
        <translation>Optional, einer pro Zeile, z. B.
Authorization: Bearer …</translation>
    </message>
    <message>
        <source>HMAC secret</source>
        <translation>HMAC-Geheimnis</translation>
    </message>
    <message>
        <source>Optional: signs each request (X-AlertDesk-Signature)</source>
        <translation>Optional: signiert jede Anfrage (X-AlertDesk-Signature)</translation>
    </message>
    <message>
        <source>Messages per second</source>
        <translation>Nachrichten pro Sekunde</translation>
    </message>
    <message>
        <source>Optional: the platform&apos;s documented limit by default</source>
        <translation>Optional: standardmäßig das dokumentierte Limit der Plattform</translation>
    </message>
    <message>
        <source>Burst</source>
        <translation>Burst</translation>
    </message>
    <message>
        <source>Optional: messages allowed at once</source>
        <translation>Optional: Nachrichten, die auf einmal erlaubt sind</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>Webhook-URL</translation>
    </message>
    <message>
        <source>https://… (several: separate them with spaces)</source>
        <translation>https://… (mehrere: durch Leerzeichen trennen)</translation>
    </message>
    <message>
        <source>https://…  (the Workflows webhook of the Teams channel)</source>
        <translation>https://…  (der Workflows-Webhook des Teams-Kanals)</translation>
    </message>
    <message>
        <source>Bot token</source>
        <translation>Bot-Token</translation>
    </message>
    <message>
        <source>xoxb-… (instead of webhook URLs, with channel IDs)</source>
        <translation>xoxb-… (statt Webhook-URLs, mit Kanal-IDs)</translation>
    </message>
    <message>
        <source>123456789:AA… from @BotFather</source>
        <translation>123456789:AA… von @BotFather</translation>
    </message>
    <message>
        <source>Channel IDs</source>
        <translation>Kanal-IDs</translation>
    </message>
    <message>
        <source>With a bot token, one per line, e.g. C0123456789</source>
        <translation>Mit einem Bot-Token, eine pro Zeile, z. B. C0123456789</translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation>API-Basis-URL</translation>
    </message>
    <message>
        <source>Optional: a self-hosted or test server</source>
        <translation>Optional: ein selbst betriebener oder Testserver</translation>
    </message>
    <message>
        <source>Chat IDs</source>
        <translation>Chat-IDs</translation>
    </message>
    <message>
        <source>One per line: -1001234567890 or @channelname</source>
        <translation>Eine pro Zeile: -1001234567890 oder @kanalname</translation>
    </message>
    <message>
        <source>Account SID</source>
        <translation>Konto-SID</translation>
    </message>
    <message>
        <source>AC followed by 32 hexadecimal digits</source>
        <translation>AC, gefolgt von 32 Hexadezimalziffern</translation>
    </message>
    <message>
        <source>Auth token</source>
        <translation>Auth-Token</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>+15551234567, or a sender name</source>
        <translation>+15551234567 oder ein Absendername</translation>
    </message>
    <message>
        <source>alerts@example.com</source>
        <translation>alerts@example.com</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>One number per line: +15557654321</source>
        <translation>Eine Nummer pro Zeile: +15557654321</translation>
    </message>
    <message>
        <source>One address per line</source>
        <translation>Eine Adresse pro Zeile</translation>
    </message>
    <message>
        <source>Max segments</source>
        <translation>Max. Segmente</translation>
    </message>
    <message>
        <source>Optional: 1 to 10 SMS per alert</source>
        <translation>Optional: 1 bis 10 SMS pro Alarm</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>Routing-Schlüssel</translation>
    </message>
    <message>
        <source>32 letters and digits (Events API v2 integration key)</source>
        <translation>32 Buchstaben und Ziffern (Integrationsschlüssel der Events API v2)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Optional: what PagerDuty shows as the source</source>
        <translation>Optional: was PagerDuty als Quelle anzeigt</translation>
    </message>
    <message>
        <source>SMTP server</source>
        <translation>SMTP-Server</translation>
    </message>
    <message>
        <source>SMTP port</source>
        <translation>SMTP-Port</translation>
    </message>
    <message>
        <source>Optional: 465 with TLS, 587 with STARTTLS</source>
        <translation>Optional: 465 mit TLS, 587 mit STARTTLS</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>The account to log in as</source>
        <translation>Das Konto für die Anmeldung</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>OAuth token</source>
        <translation>OAuth-Token</translation>
    </message>
    <message>
        <source>Instead of a password (XOAUTH2)</source>
        <translation>Statt eines Passworts (XOAUTH2)</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>From name</source>
        <translation>Absendername</translation>
    </message>
    <message>
        <source>Optional display name</source>
        <translation>Optionaler Anzeigename</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA-Datei</translation>
    </message>
    <message>
        <source>Optional: PEM file of a private certificate authority</source>
        <translation>Optional: PEM-Datei einer privaten Zertifizierungsstelle</translation>
    </message>
    <message>
        <source>AlertDesk POSTs each alert as JSON to this URL, with an Idempotency-Key header; with a secret it also signs the body (HMAC-SHA256).</source>
        <translation>AlertDesk sendet jeden Alarm als JSON per POST an diese URL, mit einem Idempotency-Key-Header; mit einem Geheimnis signiert es auch den Inhalt (HMAC-SHA256).</translation>
    </message>
    <message>
        <source>Incoming webhook URLs (Slack, Mattermost, Rocket.Chat), or a bot token with the IDs of the channels to post to.</source>
        <translation>Incoming-Webhook-URLs (Slack, Mattermost, Rocket.Chat) oder ein Bot-Token mit den IDs der Kanäle, in die gepostet wird.</translation>
    </message>
    <message>
        <source>One or more Discord webhook URLs (Server settings › Integrations › Webhooks).</source>
        <translation>Eine oder mehrere Discord-Webhook-URLs (Servereinstellungen › Integrationen › Webhooks).</translation>
    </message>
    <message>
        <source>A bot token from @BotFather and the chats the bot posts to (add the bot to them first).</source>
        <translation>Ein Bot-Token von @BotFather und die Chats, in die der Bot schreibt (fügen Sie den Bot zuerst dort hinzu).</translation>
    </message>
    <message>
        <source>Text messages through Twilio: your account SID and auth token, the sender and the recipients&apos; numbers.</source>
        <translation>Textnachrichten über Twilio: Ihre Konto-SID und Ihr Auth-Token, der Absender und die Nummern der Empfänger.</translation>
    </message>
    <message>
        <source>Mail through your SMTP server, over TLS (465) or STARTTLS (587); a password never travels in clear text.</source>
        <translation>E-Mail über Ihren SMTP-Server, per TLS (465) oder STARTTLS (587); ein Passwort wird nie im Klartext übertragen.</translation>
    </message>
    <message>
        <source>A Microsoft Teams Workflows webhook: AlertDesk posts an Adaptive Card to its channel.</source>
        <translation>Ein Microsoft-Teams-Workflows-Webhook: AlertDesk postet eine Adaptive Card in seinen Kanal.</translation>
    </message>
    <message>
        <source>PagerDuty Events API v2: alerts trigger incidents; acknowledging or resolving here does the same there.</source>
        <translation>PagerDuty Events API v2: Alarme lösen Incidents aus; Bestätigen oder Erledigen hier tut dort dasselbe.</translation>
    </message>
    <message>
        <source>A notification from AlertDesk&apos;s icon in the system tray of this computer. Needs no account.</source>
        <translation>Eine Benachrichtigung über das AlertDesk-Symbol im Infobereich dieses Computers. Braucht kein Konto.</translation>
    </message>
    <message>
        <source>%1 (number %2)</source>
        <translation>%1 (Nummer %2)</translation>
    </message>
    <message>
        <source>Choose the kind of channel.</source>
        <translation>Wählen Sie die Art des Kanals.</translation>
    </message>
    <message>
        <source>Enter a name for the channel.</source>
        <translation>Geben Sie einen Namen für den Kanal ein.</translation>
    </message>
    <message>
        <source>The name may use letters, digits, &apos;_&apos;, &apos;.&apos; and &apos;-&apos; (at most 64), and must start with a letter or a digit.</source>
        <translation>Der Name darf Buchstaben, Ziffern, „_“, „.“ und „-“ enthalten (höchstens 64) und muss mit einem Buchstaben oder einer Ziffer beginnen.</translation>
    </message>
    <message>
        <source>A channel named %1 exists already.</source>
        <translation>Ein Kanal namens %1 existiert bereits.</translation>
    </message>
    <message>
        <source>Plain http:// sends your alerts unencrypted (%1); use https:// if the receiver offers it.</source>
        <translation>Einfaches http:// sendet Ihre Alarme unverschlüsselt (%1); verwenden Sie https://, wenn der Empfänger es anbietet.</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>Kanal hinzufügen</translation>
    </message>
    <message>
        <source>Edit channel %1</source>
        <translation>Kanal %1 bearbeiten</translation>
    </message>
    <message numerus="yes">
        <source>Stored in the keychain (%n values): leave empty to keep them</source>
        <translation>
            <numerusform>Im Schlüsselbund gespeichert (%n Wert): leer lassen, um ihn zu behalten</numerusform>
            <numerusform>Im Schlüsselbund gespeichert (%n Werte): leer lassen, um sie zu behalten</numerusform>
        </translation>
    </message>
    <message>
        <source>Stored in the keychain: leave empty to keep it</source>
        <translation>Im Schlüsselbund gespeichert: leer lassen, um ihn zu behalten</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>e.g. trading-desk</source>
        <translation>z. B. trading-desk</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Deliver alerts to this channel</source>
        <translation>Alarme an diesen Kanal &amp;zustellen</translation>
    </message>
    <message>
        <source>Fields shown as dots, and every URL and header, are stored in the system keychain, never on disk.</source>
        <translation>Als Punkte angezeigte Felder sowie jede URL und jeder Header werden im Schlüsselbund des Systems gespeichert, nie auf der Festplatte.</translation>
    </message>
    <message>
        <source>Validation message</source>
        <translation>Prüfmeldung</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <source>One per line</source>
        <translation>Eins pro Zeile</translation>
    </message>
    <message>
        <source>Nothing to fill in.</source>
        <translation>Nichts auszufüllen.</translation>
    </message>
    <message>
        <source>Reading the stored secrets from the keychain…</source>
        <translation>Die gespeicherten Geheimnisse werden aus dem Schlüsselbund gelesen…</translation>
    </message>
    <message>
        <source>The stored secrets could not be read (%1): enter them again.</source>
        <translation>Die gespeicherten Geheimnisse konnten nicht gelesen werden (%1): Geben Sie sie erneut ein.</translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>Bereit zum Speichern.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Your Twilio number: +15551234567</source>
        <translation>Ihre Twilio-Nummer: +15551234567</translation>
    </message>
    <message>
        <source>Numbers to call</source>
        <translation>Anzurufende Nummern</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Stimme</translation>
    </message>
    <message>
        <source>Optional: a Twilio voice such as Polly.Joanna</source>
        <translation>Optional: eine Twilio-Stimme wie Polly.Joanna</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Optional: en-US, de-DE, es-ES…</source>
        <translation>Optional: en-US, de-DE, es-ES…</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Optional: times the message is spoken, 1 to 5 (2)</source>
        <translation>Optional: wie oft die Nachricht gesprochen wird, 1 bis 5 (2)</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Letters, digits, - and _; hard to guess on ntfy.sh</source>
        <translation>Buchstaben, Ziffern, - und _; auf ntfy.sh schwer zu erraten</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Optional: https://ntfy.sh, or your own server</source>
        <translation>Optional: https://ntfy.sh oder Ihr eigener Server</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>Optional: tk_… (or a user and password)</source>
        <translation>Optional: tk_… (oder Benutzer und Passwort)</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Optional: with a password, instead of a token</source>
        <translation>Optional: mit Passwort, statt eines Tokens</translation>
    </message>
    <message>
        <source>User key</source>
        <translation>User-Key</translation>
    </message>
    <message>
        <source>30 characters, on your Pushover dashboard</source>
        <translation>30 Zeichen, auf Ihrem Pushover-Dashboard</translation>
    </message>
    <message>
        <source>Application token</source>
        <translation>Anwendungstoken</translation>
    </message>
    <message>
        <source>30 characters, of the application you created</source>
        <translation>30 Zeichen, der von Ihnen angelegten Anwendung</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Optional, one per line: every device when empty</source>
        <translation>Optional, eines pro Zeile: leer bedeutet alle Geräte</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Ton</translation>
    </message>
    <message>
        <source>Optional: siren, pushover, none…</source>
        <translation>Optional: siren, pushover, none…</translation>
    </message>
    <message>
        <source>Emergency retry (s)</source>
        <translation>Notfall-Wiederholung (s)</translation>
    </message>
    <message>
        <source>Optional: CRITICAL repeats every N seconds, at least 30 (60)</source>
        <translation>Optional: CRITICAL wiederholt alle N Sekunden, mindestens 30 (60)</translation>
    </message>
    <message>
        <source>Emergency expiry (s)</source>
        <translation>Notfall-Ablauf (s)</translation>
    </message>
    <message>
        <source>Optional: until acknowledged or this long, at most 10800 (3600)</source>
        <translation>Optional: bis bestätigt oder so lange, höchstens 10800 (3600)</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Phone calls through Twilio that speak the alert; a delivery counts once a call is answered, a call nobody answers is tried again.</source>
        <translation>Anrufe über Twilio, die den Alarm vorlesen; zugestellt ist er, wenn ein Anruf angenommen wurde, ein unbeantworteter Anruf wird wiederholt.</translation>
    </message>
    <message>
        <source>Push notifications to the ntfy app on your phone: a topic on ntfy.sh or on your own server, with a token or a user and password when it is protected.</source>
        <translation>Push-Benachrichtigungen an die ntfy-App auf Ihrem Telefon: ein Topic auf ntfy.sh oder Ihrem eigenen Server, mit Token oder Benutzer und Passwort, wenn es geschützt ist.</translation>
    </message>
    <message>
        <source>Push notifications through Pushover: your user key and an application&apos;s token; CRITICAL alerts repeat until acknowledged.</source>
        <translation>Push-Benachrichtigungen über Pushover: Ihr User-Key und das Token einer Anwendung; CRITICAL-Alarme wiederholen sich, bis sie bestätigt werden.</translation>
    </message>
    <message>
        <source>Cluster peers</source>
        <translation>Cluster-Peers</translation>
    </message>
    <message>
        <source>One Alertmanager per line: http://alertmanager-1:9093</source>
        <translation>Ein Alertmanager pro Zeile: http://alertmanager-1:9093</translation>
    </message>
    <message>
        <source>Basic auth</source>
        <translation>Basic-Auth</translation>
    </message>
    <message>
        <source>Optional: USER:PASSWORD</source>
        <translation>Optional: BENUTZER:PASSWORT</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <source>Optional, instead of basic auth</source>
        <translation>Optional, statt Basic-Auth</translation>
    </message>
    <message>
        <source>Re-send every</source>
        <translation>Erneut senden alle</translation>
    </message>
    <message>
        <source>Optional: 60s by default, below the cluster&apos;s resolve_timeout</source>
        <translation>Optional: standardmäßig 60s, unter dem resolve_timeout des Clusters</translation>
    </message>
    <message>
        <source>Desk name</source>
        <translation>Desk-Name</translation>
    </message>
    <message>
        <source>Optional: the instance label (this computer&apos;s name by default)</source>
        <translation>Optional: das Label instance (standardmäßig der Name dieses Computers)</translation>
    </message>
    <message>
        <source>Silences by</source>
        <translation>Stummschaltungen von</translation>
    </message>
    <message>
        <source>Optional: who the cluster names for acknowledgements</source>
        <translation>Optional: wen der Cluster für Bestätigungen nennt</translation>
    </message>
    <message>
        <source>A Prometheus Alertmanager cluster: alerts go to every peer; acknowledging or snoozing here silences the alert for the whole desk, resolving ends it.</source>
        <translation>Ein Prometheus-Alertmanager-Cluster: Alarme gehen an jeden Peer; Bestätigen oder Zurückstellen hier schaltet den Alarm für den ganzen Desk stumm, Erledigen beendet ihn.</translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelsModel</name>
    <message>
        <source>enabled</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation>Schalter</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>open · probes at %1</source>
        <translation>offen · Probe um %1</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>half-open: probing</source>
        <translation>halb offen: Probe läuft</translation>
    </message>
    <message>
        <source>Closed: deliveries go out as usual.</source>
        <translation>Geschlossen: Zustellungen gehen wie gewohnt hinaus.</translation>
    </message>
    <message>
        <source>Open: the channel failed too often in a row, so its deliveries wait instead of hammering it. At %1 one delivery goes through as a probe: its success closes the circuit.</source>
        <translation>Offen: Der Kanal ist zu oft hintereinander fehlgeschlagen, daher warten seine Zustellungen, statt ihn zu überlasten. Um %1 geht eine Zustellung als Probe hinaus: Ihr Erfolg schließt den Schalter.</translation>
    </message>
    <message>
        <source>Half-open: the pause is over and one probe delivery decides; success closes the circuit, failure opens it again for twice as long.</source>
        <translation>Halb offen: Die Pause ist vorbei, und eine Probezustellung entscheidet; Erfolg schließt den Schalter, ein Fehler öffnet ihn erneut für doppelt so lange.</translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelsPage</name>
    <message>
        <source>&lt;h3&gt;No channel yet&lt;/h3&gt;&lt;p&gt;A channel is a place your alerts go: Slack, Discord, Telegram, email, SMS, Teams, PagerDuty, a webhook or this desktop. Add one, or bring your existing configuration (a .env file or an Apprise URL), then press &lt;b&gt;Send test&lt;/b&gt; to check it answers.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch kein Kanal&lt;/h3&gt;&lt;p&gt;Ein Kanal ist ein Ort, an den Ihre Alarme gehen: Slack, Discord, Telegram, E-Mail, SMS, Teams, PagerDuty, ein Webhook oder dieser Desktop. Fügen Sie einen hinzu oder übernehmen Sie Ihre bestehende Konfiguration (eine .env-Datei oder eine Apprise-URL), und drücken Sie dann &lt;b&gt;Test senden&lt;/b&gt;, um zu prüfen, ob er antwortet.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Add channel…</source>
        <translation>Kanal hinzufügen…</translation>
    </message>
    <message>
        <source>Import .env…</source>
        <translation>.env importieren…</translation>
    </message>
    <message>
        <source>Add from Apprise URL…</source>
        <translation>Aus Apprise-URL hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Add channel…</source>
        <translation>Ka&amp;nal hinzufügen…</translation>
    </message>
    <message>
        <source>Add a channel of any kind (Ctrl+N)</source>
        <translation>Einen Kanal beliebiger Art hinzufügen (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Change the selected channel&apos;s settings and secrets</source>
        <translation>Einstellungen und Geheimnisse des ausgewählten Kanals ändern</translation>
    </message>
    <message>
        <source>Send &amp;test</source>
        <translation>&amp;Test senden</translation>
    </message>
    <message>
        <source>Send a test message to the selected channel now (Ctrl+T)</source>
        <translation>Jetzt eine Testnachricht an den ausgewählten Kanal senden (Strg+T)</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>Deakti&amp;vieren</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>&amp;Import .env…</source>
        <translation>.env &amp;importieren…</translation>
    </message>
    <message>
        <source>Channels and settings from a .env file, as alertdesk-cli import-env reads it</source>
        <translation>Kanäle und Einstellungen aus einer .env-Datei, wie alertdesk-cli import-env sie liest</translation>
    </message>
    <message>
        <source>Add from Apprise &amp;URL…</source>
        <translation>Aus Apprise-&amp;URL hinzufügen…</translation>
    </message>
    <message>
        <source>A channel from an Apprise URL (tgram://, discord://, slack://, mailto://, json://…)</source>
        <translation>Ein Kanal aus einer Apprise-URL (tgram://, discord://, slack://, mailto://, json://…)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Read the channels&apos; health again (F5)</source>
        <translation>Den Zustand der Kanäle neu lesen (F5)</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>Testergebnis</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>Einstellungen:</translation>
    </message>
    <message>
        <source>Secrets:</source>
        <translation>Geheimnisse:</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Letzter Fehler:</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>Test:</translation>
    </message>
    <message>
        <source>Channel not changed</source>
        <translation>Kanal nicht geändert</translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation>Kanal entfernen</translation>
    </message>
    <message>
        <source>Remove the channel %1 and its secrets from the keychain? Its deliveries that are still open fail; the history keeps what was sent.</source>
        <translation>Den Kanal %1 und seine Geheimnisse aus dem Schlüsselbund entfernen? Seine noch offenen Zustellungen schlagen fehl; der Verlauf behält, was gesendet wurde.</translation>
    </message>
    <message>
        <source>Channel not removed</source>
        <translation>Kanal nicht entfernt</translation>
    </message>
    <message>
        <source>Added the channel %1.</source>
        <translation>Kanal %1 hinzugefügt.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>Channel added</source>
        <translation>Kanal hinzugefügt</translation>
    </message>
    <message>
        <source>The Apprise URL became the channel %1.</source>
        <translation>Aus der Apprise-URL wurde der Kanal %1.</translation>
    </message>
    <message>
        <source>Import a .env file</source>
        <translation>Eine .env-Datei importieren</translation>
    </message>
    <message>
        <source>.env files (.env *.env);;All files (*)</source>
        <translation>.env-Dateien (.env *.env);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Nothing imported</source>
        <translation>Nichts importiert</translation>
    </message>
    <message>
        <source>Everything usable in the file was imported.</source>
        <translation>Alles Verwendbare aus der Datei wurde importiert.</translation>
    </message>
    <message>
        <source>Imported, but some of the file was rejected: see why below.</source>
        <translation>Importiert, aber ein Teil der Datei wurde abgelehnt: Gründe siehe unten.</translation>
    </message>
    <message>
        <source>The import failed: see why below.</source>
        <translation>Der Import ist fehlgeschlagen: Gründe siehe unten.</translation>
    </message>
    <message>
        <source>Import from .env</source>
        <translation>Import aus .env</translation>
    </message>
    <message>
        <source>Sending a test message to %1…</source>
        <translation>Testnachricht an %1 wird gesendet…</translation>
    </message>
    <message>
        <source>Not tested in this session. Press Send test (Ctrl+T).</source>
        <translation>In dieser Sitzung nicht getestet. Drücken Sie „Test senden“ (Strg+T).</translation>
    </message>
    <message>
        <source>✔ Delivered in %1 (at %2)</source>
        <translation>✔ Zugestellt in %1 (um %2)</translation>
    </message>
    <message>
        <source>✘ Failed: %1</source>
        <translation>✘ Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>kein Grund angegeben</translation>
    </message>
    <message>
        <source>Select a channel</source>
        <translation>Wählen Sie einen Kanal</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>Akti&amp;vieren</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>(none besides the secrets)</source>
        <translation>(keine außer den Geheimnissen)</translation>
    </message>
    <message>
        <source>set</source>
        <translation>gesetzt</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation>%1 (um %2)</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Erfolgsquote</translation>
    </message>
    <message>
        <source>Latency p50 / p95</source>
        <translation>Latenz p50 / p95</translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation>Schalter</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Deliveries per hour, last 24 h</source>
        <translation>Zustellungen pro Stunde, letzte 24 h</translation>
    </message>
    <message>
        <source>No delivery in the last 24 hours</source>
        <translation>Keine Zustellung in den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>Latency per hour, last 24 h</source>
        <translation>Latenz pro Stunde, letzte 24 h</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>%1
Delivered: %2
Failed: %3
Retried attempts: %4</source>
        <translation>%1
Zugestellt: %2
Fehlgeschlagen: %3
Wiederholte Versuche: %4</translation>
    </message>
    <message>
        <source>%1
p50: %2
p95: %3
Delivered: %4</source>
        <translation>%1
p50: %2
p95: %3
Zugestellt: %4</translation>
    </message>
    <message>
        <source>Deliveries per hour, last 24 h (%1 delivered, %2 failed)</source>
        <translation>Zustellungen pro Stunde, letzte 24 h (%1 zugestellt, %2 fehlgeschlagen)</translation>
    </message>
    <message>
        <source>Deliveries that arrived; the last one at %1. Attempts retried: %2.</source>
        <translation>Angekommene Zustellungen; die letzte um %1. Wiederholte Versuche: %2.</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No successful delivery in the last 24 hours</source>
        <translation>Keine erfolgreiche Zustellung in den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>%1
No successful delivery</source>
        <translation>%1
Keine erfolgreiche Zustellung</translation>
    </message>
</context>
<context>
    <name>alertdesk::ComposePage</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;yp:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorität:</translation>
    </message>
    <message>
        <source>e.g. BTC above 70,000</source>
        <translation>z. B. BTC über 70.000</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>Optional, e.g. BTCUSDT</source>
        <translation>Optional, z. B. BTCUSDT</translation>
    </message>
    <message>
        <source>S&amp;ymbol:</source>
        <translation>S&amp;ymbol:</translation>
    </message>
    <message>
        <source>Optional: what happened and what to do</source>
        <translation>Optional: was geschah und was zu tun ist</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>&amp;Data (JSON):</source>
        <translation>&amp;Daten (JSON):</translation>
    </message>
    <message>
        <source>None checked: every enabled channel.</source>
        <translation>Keiner angekreuzt: jeder aktive Kanal.</translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation>&amp;Kanäle:</translation>
    </message>
    <message>
        <source>Compose status</source>
        <translation>Status des Verfassens</translation>
    </message>
    <message>
        <source>Show in &amp;history</source>
        <translation>Im &amp;Verlauf zeigen</translation>
    </message>
    <message>
        <source>&amp;Send alert</source>
        <translation>Alarm &amp;senden</translation>
    </message>
    <message>
        <source>Send the alert now (Ctrl+Return)</source>
        <translation>Den Alarm jetzt senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>%1 (disabled)</source>
        <translation>%1 (deaktiviert)</translation>
    </message>
    <message>
        <source>Data must be a JSON object, like {&quot;price&quot;: 70123.5}.</source>
        <translation>Die Daten müssen ein JSON-Objekt sein, etwa {&quot;price&quot;: 70123.5}.</translation>
    </message>
    <message>
        <source>Enter a title.</source>
        <translation>Geben Sie einen Titel ein.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Ready to send.</source>
        <translation>Bereit zum Senden.</translation>
    </message>
    <message>
        <source>The profile is not open: nothing can be sent.</source>
        <translation>Das Profil ist nicht geöffnet: Es kann nichts gesendet werden.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Alert accepted and queued for delivery (id %1).</source>
        <translation>Alarm angenommen und zur Zustellung eingereiht (ID %1).</translation>
    </message>
    <message>
        <source>Alert stored; the running AlertDesk (pid %1) delivers it (id %2).</source>
        <translation>Alarm gespeichert; das laufende AlertDesk (PID %1) stellt ihn zu (ID %2).</translation>
    </message>
    <message>
        <source>Preview: what each channel receives</source>
        <translation>Vorschau: was jeder Kanal erhält</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>The profile&apos;s message templates apply per channel kind and alert type.</source>
        <translation>Die Nachrichtenvorlagen des Profils gelten je Kanalart und Alarmtyp.</translation>
    </message>
    <message>
        <source>T&amp;emplates…</source>
        <translation>Vor&amp;lagen…</translation>
    </message>
    <message>
        <source>Edit the message templates, with a live preview</source>
        <translation>Die Nachrichtenvorlagen bearbeiten, mit Live-Vorschau</translation>
    </message>
    <message>
        <source>The preview appears once the alert is valid: %1</source>
        <translation>Die Vorschau erscheint, sobald der Alarm gültig ist: %1</translation>
    </message>
    <message>
        <source>No enabled channel: the alert would be stored, not delivered. Add a channel on the Channels page.</source>
        <translation>Kein aktiver Kanal: Der Alarm würde gespeichert, nicht zugestellt. Fügen Sie auf der Seite Kanäle einen Kanal hinzu.</translation>
    </message>
    <message>
        <source> · with the profile&apos;s template</source>
        <translation> · mit der Vorlage des Profils</translation>
    </message>
    <message>
        <source>Template error, the default text goes out instead: %1</source>
        <translation>Fehler in der Vorlage, stattdessen geht der Standardtext hinaus: %1</translation>
    </message>
    <message>
        <source>&amp;Add a channel…</source>
        <translation>&amp;Kanal hinzufügen …</translation>
    </message>
    <message>
        <source>Data is not valid JSON: %1.</source>
        <translation>Daten sind kein gültiges JSON: %1.</translation>
    </message>
    <message>
        <source>No channel yet: the alert would be stored, not delivered.</source>
        <translation>Noch kein Kanal: der Alarm würde gespeichert, aber nicht zugestellt.</translation>
    </message>
</context>
<context>
    <name>alertdesk::DashboardPage</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 h</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Alerts raised, by priority</source>
        <translation>Ausgelöste Alarme nach Priorität</translation>
    </message>
    <message>
        <source>No alert in this range</source>
        <translation>Kein Alarm in diesem Zeitraum</translation>
    </message>
    <message>
        <source>Noisiest symbols</source>
        <translation>Symbole mit den meisten Alarmen</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Noisiest rules</source>
        <translation>Regeln mit den meisten Alarmen</translation>
    </message>
    <message>
        <source>Delivery attempts per channel</source>
        <translation>Zustellversuche je Kanal</translation>
    </message>
    <message>
        <source>No delivery in this range</source>
        <translation>Keine Zustellung in diesem Zeitraum</translation>
    </message>
    <message>
        <source>Deliveries per channel</source>
        <translation>Zustellungen je Kanal</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>Wiederholt</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Attempts in the range; the success rate counts the attempts that ended a delivery. Latency of the delivered attempts (within about 25 %).</source>
        <translation>Versuche im Zeitraum; die Erfolgsquote zählt die Versuche, die eine Zustellung beendet haben. Latenz der zugestellten Versuche (auf etwa 25 % genau).</translation>
    </message>
    <message numerus="yes">
        <source>%Ln alert(s) raised</source>
        <translation>
            <numerusform>%Ln Alarm ausgelöst</numerusform>
            <numerusform>%Ln Alarme ausgelöst</numerusform>
        </translation>
    </message>
    <message>
        <source> · mean time to acknowledge %1 (%2 acknowledged)</source>
        <translation> · mittlere Zeit bis zur Bestätigung %1 (%2 bestätigt)</translation>
    </message>
    <message>
        <source> · nothing acknowledged in this range</source>
        <translation> · nichts bestätigt in diesem Zeitraum</translation>
    </message>
    <message>
        <source>%1
%2 open · %3 raised</source>
        <translation>%1
%2 offen · %3 ausgelöst</translation>
    </message>
    <message>
        <source>Show the open %1 alerts of this range</source>
        <translation>Die offenen %1-Alarme dieses Zeitraums zeigen</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Click to list these alerts</source>
        <translation>Klicken, um diese Alarme aufzulisten</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>retried</source>
        <translation>wiederholt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1
Delivered: %2
Retried: %3
Failed: %4
Click to list its alerts</source>
        <translation>%1
Zugestellt: %2
Wiederholt: %3
Fehlgeschlagen: %4
Klicken, um seine Alarme aufzulisten</translation>
    </message>
    <message>
        <source>No alert with a symbol</source>
        <translation>Kein Alarm mit Symbol</translation>
    </message>
    <message>
        <source>No alert from a threshold rule</source>
        <translation>Kein Alarm aus einer Schwellenregel</translation>
    </message>
    <message>
        <source>Circuit open, deliveries paused: %1</source>
        <translation>Schalter offen, Zustellungen pausiert: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::EngineHost</name>
    <message>
        <source>There is no channel named %1.</source>
        <translation>Es gibt keinen Kanal namens %1.</translation>
    </message>
    <message>
        <source>its %1 is missing from the keychain</source>
        <translation>sein %1 fehlt im Schlüsselbund</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>ingest.port: port %1 on 127.0.0.1 is in use by another program (%2)</source>
        <translation>ingest.port: Port %1 auf 127.0.0.1 wird von einem anderen Programm belegt (%2)</translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; regenerate the token there</source>
        <translation>ein anderes AlertDesk betreibt dieses Profil; erzeugen Sie den Token dort neu</translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; change its policies there</source>
        <translation>ein anderes AlertDesk betreibt dieses Profil; ändern Sie seine Richtlinien dort</translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; change its sources there</source>
        <translation>ein anderes AlertDesk steuert dieses Profil; ändern Sie seine Quellen dort</translation>
    </message>
    <message>
        <source>cancelled before the keychain was opened; nothing was stored</source>
        <translation>abgebrochen, bevor der Schlüsselbund geöffnet wurde; nichts wurde gespeichert</translation>
    </message>
</context>
<context>
    <name>alertdesk::EscalationEditor</name>
    <message>
        <source>Escalation policies</source>
        <translation>Eskalationsrichtlinien</translation>
    </message>
    <message>
        <source>e.g. risk-desk</source>
        <translation>z. B. risiko-desk</translation>
    </message>
    <message>
        <source>Priorities:</source>
        <translation>Prioritäten:</translation>
    </message>
    <message>
        <source>None ticked: every type, every priority. The first policy that fits an alert is its policy.</source>
        <translation>Keine angekreuzt: jeder Typ, jede Priorität. Die erste Richtlinie, die zu einem Alarm passt, ist seine Richtlinie.</translation>
    </message>
    <message>
        <source>After (minutes)</source>
        <translation>Nach (Minuten)</translation>
    </message>
    <message>
        <source>Channels (comma separated)</source>
        <translation>Kanäle (durch Kommas getrennt)</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>Stufen</translation>
    </message>
    <message>
        <source>Add t&amp;ier</source>
        <translation>&amp;Stufe hinzufügen</translation>
    </message>
    <message>
        <source>Remove tie&amp;r</source>
        <translation>Stufe entfe&amp;rnen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>no reminders</source>
        <translation>keine Erinnerungen</translation>
    </message>
    <message>
        <source>&amp;up to</source>
        <translation>&amp;bis zu</translation>
    </message>
    <message>
        <source>times</source>
        <translation>mal</translation>
    </message>
    <message>
        <source>Re&amp;peat every:</source>
        <translation>&amp;Wiederholen alle:</translation>
    </message>
    <message>
        <source>escalation-%1</source>
        <translation>eskalation-%1</translation>
    </message>
    <message>
        <source>No channel configured yet.</source>
        <translation>Noch kein Kanal eingerichtet.</translation>
    </message>
    <message>
        <source>Channels: %1</source>
        <translation>Kanäle: %1</translation>
    </message>
    <message>
        <source>Note: there is no channel named %1; that tier would skip it.</source>
        <translation>Hinweis: Es gibt keinen Kanal namens %1; diese Stufe würde ihn überspringen.</translation>
    </message>
    <message>
        <source>Ti&amp;ers:</source>
        <translation>Stu&amp;fen:</translation>
    </message>
    <message>
        <source>Alert types:</source>
        <translation>Alarmtypen:</translation>
    </message>
</context>
<context>
    <name>alertdesk::FailingChannelsButton</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n channel(s) failing</source>
        <translation>
            <numerusform>⚠ %n Kanal schlägt fehl</numerusform>
            <numerusform>⚠ %n Kanäle schlagen fehl</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to open the Channels page.</source>
        <translation>Klicken öffnet die Seite Kanäle.</translation>
    </message>
    <message>
        <source>Channel %1 is down</source>
        <translation>Kanal %1 ist ausgefallen</translation>
    </message>
    <message>
        <source>Channel %1 works again</source>
        <translation>Kanal %1 funktioniert wieder</translation>
    </message>
</context>
<context>
    <name>alertdesk::FreedesktopNotifier</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Snooze 1 h</source>
        <translation>1 Std. zurückstellen</translation>
    </message>
</context>
<context>
    <name>alertdesk::KeychainNotice</name>
    <message>
        <source>AlertDesk keeps secrets (channel tokens, webhook addresses, the API token) in your system&apos;s keychain, never in a file.</source>
        <translation>AlertDesk bewahrt Geheimnisse (Kanal-Tokens, Webhook-Adressen, das API-Token) im Schlüsselbund Ihres Systems auf, nie in einer Datei.</translation>
    </message>
    <message>
        <source>This computer has no keyring yet: your desktop will now ask you to choose a password for a new one. It protects the secrets kept there; with your login password it opens by itself when you log in.</source>
        <translation>Dieser Computer hat noch keinen Schlüsselbund: Ihr Desktop fragt Sie gleich nach einem Passwort für einen neuen. Es schützt die dort abgelegten Geheimnisse; mit Ihrem Anmeldepasswort öffnet er sich bei der Anmeldung von selbst.</translation>
    </message>
    <message>
        <source>The keyring “%1” is locked: your desktop will now ask for its password to unlock it.</source>
        <translation>Der Schlüsselbund „%1“ ist gesperrt: Ihr Desktop fragt gleich nach seinem Passwort, um ihn zu entsperren.</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Your keychain will ask for a password</source>
        <translation>Ihr Schlüsselbund wird nach einem Passwort fragen</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Fortfahren</translation>
    </message>
</context>
<context>
    <name>alertdesk::MainWindow</name>
    <message>
        <source>AlertDesk — %1</source>
        <translation>AlertDesk — %1</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation>Verfassen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profil: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Add &amp;channel…</source>
        <translation>&amp;Kanal hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Compose alert</source>
        <translation>Alarm &amp;verfassen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Akt&amp;ualisieren</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About AlertDesk</source>
        <translation>Ü&amp;ber AlertDesk</translation>
    </message>
    <message>
        <source>About AlertDesk</source>
        <translation>Über AlertDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AlertDesk %1&lt;/h3&gt;&lt;p&gt;Routes trading alerts to your channels, retries what fails and keeps every alert and delivery attempt.&lt;/p&gt;&lt;p&gt;Profile: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;AlertDesk %1&lt;/h3&gt;&lt;p&gt;Leitet Trading-Alarme an Ihre Kanäle weiter, wiederholt Fehlgeschlagenes und bewahrt jeden Alarm und jeden Zustellversuch auf.&lt;/p&gt;&lt;p&gt;Profil: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>AlertDesk keeps running</source>
        <translation>AlertDesk läuft weiter</translation>
    </message>
    <message>
        <source>Alerts are still delivered. Click the tray icon to open the window; Quit is in its menu.</source>
        <translation>Alarme werden weiter zugestellt. Klicken Sie auf das Symbol im Infobereich, um das Fenster zu öffnen; Beenden finden Sie in seinem Menü.</translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation>Der Verlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>AlertDesk — %1 (read-only)</source>
        <translation>AlertDesk — %1 (schreibgeschützt)</translation>
    </message>
    <message>
        <source>Another AlertDesk (process %1) is delivering this profile&apos;s alerts, so this window is read-only: it shows the history live and hands alerts you compose to that instance, but channels and settings can only be changed there.</source>
        <translation>Ein anderes AlertDesk (Prozess %1) stellt die Alarme dieses Profils zu, daher ist dieses Fenster schreibgeschützt: Es zeigt den Verlauf live und übergibt von Ihnen verfasste Alarme an diese Instanz, aber Kanäle und Einstellungen lassen sich nur dort ändern.</translation>
    </message>
    <message>
        <source>AlertDesk could not open the profile %1: %2</source>
        <translation>AlertDesk konnte das Profil %1 nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Opening the profile…</source>
        <translation>Profil wird geöffnet…</translation>
    </message>
    <message>
        <source>Profile not opened</source>
        <translation>Profil nicht geöffnet</translation>
    </message>
    <message>
        <source>This profile cannot be written (%1), so this window is read-only: it shows the history, but no alert can be stored and channels and settings cannot be changed.</source>
        <translation>Dieses Profil kann nicht beschrieben werden (%1), daher ist dieses Fenster schreibgeschützt: Es zeigt den Verlauf, aber es können keine Alarme gespeichert und weder Kanäle noch Einstellungen geändert werden.</translation>
    </message>
    <message>
        <source>Read-only: the profile cannot be written</source>
        <translation>Schreibgeschützt: das Profil kann nicht beschrieben werden</translation>
    </message>
    <message>
        <source>Read-only: process %1 delivers</source>
        <translation>Schreibgeschützt: Prozess %1 stellt zu</translation>
    </message>
    <message>
        <source>No channel configured</source>
        <translation>Kein Kanal eingerichtet</translation>
    </message>
    <message>
        <source>Every channel is disabled: alerts are stored, not delivered</source>
        <translation>Alle Kanäle sind deaktiviert: Alarme werden gespeichert, nicht zugestellt</translation>
    </message>
    <message numerus="yes">
        <source>Delivering to %n enabled channel(s)</source>
        <translation>
            <numerusform>Stellt an %n aktiven Kanal zu</numerusform>
            <numerusform>Stellt an %n aktive Kanäle zu</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivering</source>
        <translation>Stellt zu</translation>
    </message>
    <message numerus="yes">
        <source> · %n channel(s) could not be loaded</source>
        <translation>
            <numerusform> · %n Kanal konnte nicht geladen werden</numerusform>
            <numerusform> · %n Kanäle konnten nicht geladen werden</numerusform>
        </translation>
    </message>
    <message>
        <source>Ingest API: %1:%2</source>
        <translation>Ingest-API: %1:%2</translation>
    </message>
    <message>
        <source>Ingest API off</source>
        <translation>Ingest-API aus</translation>
    </message>
    <message>
        <source>Scripts post alerts to http://%1:%2/v1/alerts</source>
        <translation>Skripte senden Alarme an http://%1:%2/v1/alerts</translation>
    </message>
    <message>
        <source>The ingest API is off: port %1 on 127.0.0.1 is in use by another program, so scripts cannot post alerts to this window. Alerts are still delivered. Choose another port in Settings › Ingest API.</source>
        <translation>Die Ingest-API ist aus: Port %1 auf 127.0.0.1 wird von einem anderen Programm belegt, daher können Skripte keine Alarme an dieses Fenster senden. Alarme werden weiter zugestellt. Wählen Sie unter Einstellungen › Ingest-API einen anderen Port.</translation>
    </message>
    <message>
        <source>The ingest API is off: %1</source>
        <translation>Die Ingest-API ist aus: %1</translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation>Schwellenwerte</translation>
    </message>
    <message>
        <source>Message &amp;templates…</source>
        <translation>Nachrichten&amp;vorlagen…</translation>
    </message>
    <message>
        <source>Price feed: off</source>
        <translation>Kursfeed: aus</translation>
    </message>
    <message>
        <source>Price rules fire on samples from scripts only. Turn the exchange feed on with alertdesk-cli settings set feed.enabled true, then restart AlertDesk.</source>
        <translation>Kursregeln lösen nur bei Werten aus Skripten aus. Schalten Sie den Börsenfeed mit alertdesk-cli settings set feed.enabled true ein und starten Sie AlertDesk neu.</translation>
    </message>
    <message>
        <source>The price feed cannot start: %1</source>
        <translation>Der Kursfeed kann nicht starten: %1</translation>
    </message>
    <message>
        <source>Price feed: idle</source>
        <translation>Kursfeed: ruht</translation>
    </message>
    <message>
        <source>No enabled rule watches a price (SYMBOL.price or SYMBOL.change_24h_pct), so nothing is streamed.</source>
        <translation>Keine aktive Regel beobachtet einen Kurs (SYMBOL.price oder SYMBOL.change_24h_pct), daher wird nichts empfangen.</translation>
    </message>
    <message>
        <source>Price feed: connecting…</source>
        <translation>Kursfeed: verbindet…</translation>
    </message>
    <message numerus="yes">
        <source>Connecting to %1 for %n symbol(s).</source>
        <translation>
            <numerusform>Verbindet mit %1 für %n Symbol.</numerusform>
            <numerusform>Verbindet mit %1 für %n Symbole.</numerusform>
        </translation>
    </message>
    <message>
        <source>Price feed: connected</source>
        <translation>Kursfeed: verbunden</translation>
    </message>
    <message numerus="yes">
        <source>Streaming %n symbol(s) from %1.</source>
        <translation>
            <numerusform>Empfängt %n Symbol von %1.</numerusform>
            <numerusform>Empfängt %n Symbole von %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Price feed: reconnecting</source>
        <translation>Kursfeed: verbindet neu</translation>
    </message>
    <message>
        <source>The connection to %1 failed; AlertDesk tries again, waiting longer after each failure.</source>
        <translation>Die Verbindung zu %1 ist fehlgeschlagen; AlertDesk versucht es erneut und wartet nach jedem Fehlschlag länger.</translation>
    </message>
    <message>
        <source>Price feed: stale</source>
        <translation>Kursfeed: veraltet</translation>
    </message>
    <message>
        <source>Connected to %1, but no ticker has arrived for a while: prices may be old. A HEALTH alert tells when the feed goes silent and when it is back.</source>
        <translation>Mit %1 verbunden, aber seit einer Weile ist kein Ticker angekommen: Die Kurse können veraltet sein. Ein HEALTH-Alarm meldet, wenn der Feed verstummt und wenn er zurück ist.</translation>
    </message>
    <message>
        <source>Updating the history for this version of AlertDesk (once; a long history takes a minute)…</source>
        <translation>Der Verlauf wird für diese AlertDesk-Version aktualisiert (einmalig; ein langer Verlauf dauert eine Minute)…</translation>
    </message>
    <message>
        <source>&amp;Export alerts…</source>
        <translation>Alarme e&amp;xportieren …</translation>
    </message>
    <message>
        <source>Write the alerts the Alerts page&apos;s filter shows to a CSV or JSON file</source>
        <translation>Die Alarme, die der Filter der Alarmseite zeigt, in eine CSV- oder JSON-Datei schreiben</translation>
    </message>
    <message>
        <source>This profile has no alert %1 (the link may come from another profile)</source>
        <translation>Dieses Profil hat keinen Alarm %1 (der Link stammt vielleicht aus einem anderen Profil)</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>verbindet…</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>verbindet neu</translation>
    </message>
    <message>
        <source>%1 (ntfy topic %2 on %3): %4</source>
        <translation>%1 (ntfy-Topic %2 auf %3): %4</translation>
    </message>
    <message>
        <source>ntfy %1: %2</source>
        <translation>ntfy %1: %2</translation>
    </message>
    <message>
        <source>Sources: %1 of %2 connected</source>
        <translation>Quellen: %1 von %2 verbunden</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Channels  ⚠ %1</source>
        <translation>Kanäle  ⚠ %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln alert(s) · %1 open</source>
        <translation>
            <numerusform>%Ln Alarm · %1 offen</numerusform>
            <numerusform>%Ln Alarme · %1 offen</numerusform>
        </translation>
    </message>
    <message>
        <source>The pause could not be stored: %1</source>
        <translation>Die Pause konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::PauseControls</name>
    <message>
        <source>&amp;Pause notifications</source>
        <translation>Benachrichtigungen &amp;pausieren</translation>
    </message>
    <message>
        <source>&amp;Mute sounds</source>
        <translation>Töne &amp;stummschalten</translation>
    </message>
    <message>
        <source>For &amp;15 minutes</source>
        <translation>Für &amp;15 Minuten</translation>
    </message>
    <message>
        <source>For &amp;1 hour</source>
        <translation>Für &amp;1 Stunde</translation>
    </message>
    <message>
        <source>For &amp;4 hours</source>
        <translation>Für &amp;4 Stunden</translation>
    </message>
    <message>
        <source>Until &amp;tomorrow %1</source>
        <translation>Bis &amp;morgen %1</translation>
    </message>
    <message>
        <source>&amp;Resume notifications</source>
        <translation>Benachrichtigungen &amp;fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Unmute sounds</source>
        <translation>Töne &amp;wieder einschalten</translation>
    </message>
    <message>
        <source>Notifications paused · %1</source>
        <translation>Benachrichtigungen pausiert · %1</translation>
    </message>
    <message>
        <source>Desktop notifications and sounds are paused until %1. Alerts are still recorded, shown here and delivered to your other channels.</source>
        <translation>Desktop-Benachrichtigungen und Töne sind bis %1 pausiert. Alarme werden weiterhin gespeichert, hier angezeigt und an Ihre anderen Kanäle zugestellt.</translation>
    </message>
    <message>
        <source>Notifications &amp;paused · %1 left</source>
        <translation>Benachrichtigungen &amp;pausiert · noch %1</translation>
    </message>
    <message>
        <source>&amp;Resume notifications now</source>
        <translation>Benachrichtigungen jetzt &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Pause desktop notifications and sounds for a while; alerts are still recorded, shown here and delivered to your other channels</source>
        <translation>Desktop-Benachrichtigungen und Töne eine Zeit lang pausieren; Alarme werden weiterhin gespeichert, hier angezeigt und an Ihre anderen Kanäle zugestellt</translation>
    </message>
    <message>
        <source>Sounds muted · %1</source>
        <translation>Töne stumm · %1</translation>
    </message>
    <message>
        <source>Alarm sounds are muted until %1.</source>
        <translation>Die Alarmtöne sind bis %1 stummgeschaltet.</translation>
    </message>
    <message>
        <source>Sounds &amp;muted · %1 left</source>
        <translation>Töne &amp;stumm · noch %1</translation>
    </message>
    <message>
        <source>&amp;Unmute sounds now</source>
        <translation>Töne jetzt &amp;wieder einschalten</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>Mute the alarm sounds for a while</source>
        <translation>Die Alarmtöne eine Zeit lang stummschalten</translation>
    </message>
    <message>
        <source>Notifications paused until %1</source>
        <translation>Benachrichtigungen pausiert bis %1</translation>
    </message>
    <message>
        <source>Sounds muted until %1</source>
        <translation>Töne stumm bis %1</translation>
    </message>
    <message>
        <source>&amp;Hold other channels too</source>
        <translation>&amp;Andere Kanäle ebenfalls zurückhalten</translation>
    </message>
    <message>
        <source>While paused, every channel keeps its notifications; they go out when the pause ends, one summary per channel</source>
        <translation>Während der Pause hält jeder Kanal seine Benachrichtigungen zurück; sie gehen nach dem Ende der Pause hinaus, eine Zusammenfassung je Kanal</translation>
    </message>
    <message>
        <source>Notifications to every channel and sounds are paused until %1. Alerts are still recorded and shown here; what is held goes out when the pause ends.</source>
        <translation>Benachrichtigungen an alle Kanäle und Töne sind bis %1 pausiert. Alarme werden weiter erfasst und hier angezeigt; Zurückgehaltenes geht hinaus, wenn die Pause endet.</translation>
    </message>
    <message>
        <source>Pause notifications to every channel and sounds for a while; alerts are still recorded and shown here, and what is held goes out when the pause ends</source>
        <translation>Benachrichtigungen an alle Kanäle und Töne eine Weile pausieren; Alarme werden weiter erfasst und hier angezeigt, Zurückgehaltenes geht hinaus, wenn die Pause endet</translation>
    </message>
</context>
<context>
    <name>alertdesk::PolicyListEditor</name>
    <message>
        <source>A&amp;dd</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>alertdesk::QuietHoursEditor</name>
    <message>
        <source>Quiet hours</source>
        <translation>Ruhezeiten</translation>
    </message>
    <message>
        <source>e.g. nights</source>
        <translation>z. B. nachts</translation>
    </message>
    <message>
        <source>e.g. 22:00-07:00, 12:00-13:00 (empty: the whole day)</source>
        <translation>z. B. 22:00-07:00, 12:00-13:00 (leer: der ganze Tag)</translation>
    </message>
    <message>
        <source>&amp;Times:</source>
        <translation>&amp;Zeiten:</translation>
    </message>
    <message>
        <source>Weekdays:</source>
        <translation>Wochentage:</translation>
    </message>
    <message>
        <source>None ticked: every day of the week.</source>
        <translation>Keiner angekreuzt: jeder Wochentag.</translation>
    </message>
    <message>
        <source>e.g. 1:7, -1 (the last day); empty: every day</source>
        <translation>z. B. 1:7, -1 (der letzte Tag); leer: jeder Tag</translation>
    </message>
    <message>
        <source>e.g. december, january:march; empty: every month</source>
        <translation>z. B. december, january:march; leer: jeder Monat</translation>
    </message>
    <message>
        <source>M&amp;onths:</source>
        <translation>M&amp;onate:</translation>
    </message>
    <message>
        <source>This computer&apos;s time zone</source>
        <translation>Zeitzone dieses Computers</translation>
    </message>
    <message>
        <source>Type part of a name to search, e.g. Berlin or New_York.</source>
        <translation>Tippen Sie einen Teil des Namens zum Suchen, z. B. Berlin oder New_York.</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>Ze&amp;itzone:</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation>&amp;Kanäle:</translation>
    </message>
    <message>
        <source>None ticked: every channel.</source>
        <translation>Keiner angekreuzt: jeder Kanal.</translation>
    </message>
    <message>
        <source>CRITICAL alerts break through</source>
        <translation>CRITICAL-Alarme kommen durch</translation>
    </message>
    <message>
        <source>Sent as one digest when the quiet hours end</source>
        <translation>Als eine Zusammenfassung gesendet, wenn die Ruhezeit endet</translation>
    </message>
    <message>
        <source>Kept in the history only</source>
        <translation>Nur im Verlauf aufbewahrt</translation>
    </message>
    <message>
        <source>&amp;Held alerts:</source>
        <translation>Zurückgehaltene &amp;Alarme:</translation>
    </message>
    <message>
        <source>quiet-%1</source>
        <translation>ruhe-%1</translation>
    </message>
    <message>
        <source>Da&amp;ys of the month:</source>
        <translation>&amp;Monatstage:</translation>
    </message>
</context>
<context>
    <name>alertdesk::RuleDialog</name>
    <message>
        <source>Edit rule %1</source>
        <translation>Regel %1 bearbeiten</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>Regel hinzufügen</translation>
    </message>
    <message>
        <source>e.g. btc-100k</source>
        <translation>z. B. btc-100k</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. BTCUSDT.price, pnl.daily, risk.BTCUSDT</source>
        <translation>z. B. BTCUSDT.price, pnl.daily, risk.BTCUSDT</translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation>&amp;Messgröße:</translation>
    </message>
    <message>
        <source>&amp;Condition:</source>
        <translation>&amp;Bedingung:</translation>
    </message>
    <message>
        <source>&amp;Threshold:</source>
        <translation>&amp;Schwellenwert:</translation>
    </message>
    <message>
        <source>&amp;Upper bound:</source>
        <translation>&amp;Obergrenze:</translation>
    </message>
    <message>
        <source>e.g. 15m, 1h, 1d</source>
        <translation>z. B. 15m, 1h, 1d</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>&amp;Zeitfenster:</translation>
    </message>
    <message>
        <source>Once, then the rule is spent</source>
        <translation>Einmal, danach ist die Regel verbraucht</translation>
    </message>
    <message>
        <source>Every time</source>
        <translation>Jedes Mal</translation>
    </message>
    <message>
        <source>At most once per…</source>
        <translation>Höchstens einmal pro…</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Intervall</translation>
    </message>
    <message>
        <source>e.g. 1h</source>
        <translation>z. B. 1h</translation>
    </message>
    <message>
        <source>&amp;Frequency:</source>
        <translation>&amp;Häufigkeit:</translation>
    </message>
    <message>
        <source>Optional, e.g. 5m: the least time between two alerts</source>
        <translation>Optional, z. B. 5m: die Mindestzeit zwischen zwei Alarmen</translation>
    </message>
    <message>
        <source>C&amp;ooldown:</source>
        <translation>Sp&amp;errzeit:</translation>
    </message>
    <message>
        <source>E&amp;xpires at</source>
        <translation>&amp;Läuft ab am</translation>
    </message>
    <message>
        <source>Expiry time</source>
        <translation>Ablaufzeit</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Ablauf:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorität:</translation>
    </message>
    <message>
        <source>Alert t&amp;ype:</source>
        <translation>Alarm&amp;typ:</translation>
    </message>
    <message>
        <source>T&amp;itle:</source>
        <translation>T&amp;itel:</translation>
    </message>
    <message>
        <source>M&amp;essage:</source>
        <translation>Na&amp;chricht:</translation>
    </message>
    <message>
        <source>Placeholders: %1</source>
        <translation>Platzhalter: %1</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>No channel configured yet: the alert goes to every enabled channel.</source>
        <translation>Noch kein Kanal eingerichtet: Der Alarm geht an jeden aktiven Kanal.</translation>
    </message>
    <message>
        <source>None checked: every enabled channel.</source>
        <translation>Keiner angekreuzt: jeder aktive Kanal.</translation>
    </message>
    <message>
        <source>C&amp;hannels:</source>
        <translation>&amp;Kanäle:</translation>
    </message>
    <message>
        <source>Rule status</source>
        <translation>Regelstatus</translation>
    </message>
    <message>
        <source>&amp;Lower bound:</source>
        <translation>&amp;Untergrenze:</translation>
    </message>
    <message>
        <source>Si&amp;ze of the move (%):</source>
        <translation>&amp;Größe der Bewegung (%):</translation>
    </message>
    <message>
        <source>e.g. 5 for a 5% move</source>
        <translation>z. B. 5 für eine Bewegung um 5 %</translation>
    </message>
    <message>
        <source>e.g. 100000</source>
        <translation>z. B. 100000</translation>
    </message>
    <message>
        <source>The rule is valid.</source>
        <translation>Die Regel ist gültig.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::SavedFilters</name>
    <message>
        <source>Saved &amp;filters</source>
        <translation>Gespeicherte &amp;Filter</translation>
    </message>
    <message>
        <source>Save the filters and the search under a name, pick a saved one, delete one</source>
        <translation>Filter und Suche unter einem Namen speichern, einen gespeicherten wählen, einen löschen</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>Gespeicherte Filter</translation>
    </message>
    <message>
        <source>Save the filter</source>
        <translation>Filter speichern</translation>
    </message>
    <message>
        <source>e.g. Open liquidations</source>
        <translation>z. B. Offene Liquidationen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Save the current filter…</source>
        <translation>Aktuellen Filter &amp;speichern…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
</context>
<context>
    <name>alertdesk::SecretReveal</name>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Hide what you typed (Ctrl+H)</source>
        <translation>Eingabe verbergen (Strg+H)</translation>
    </message>
    <message>
        <source>Show what you typed (Ctrl+H)</source>
        <translation>Eingabe anzeigen (Strg+H)</translation>
    </message>
</context>
<context>
    <name>alertdesk::SettingsPage</name>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>system, none or http://user@host:port</source>
        <translation>system, none oder http://benutzer@host:port</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Proxy-Passwort</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Unverändert</translation>
    </message>
    <message>
        <source>“system” follows the desktop&apos;s proxy settings (http_proxy, https_proxy, no_proxy); “none” always connects directly. A proxy&apos;s password is kept in the keychain.</source>
        <translation>„system“ folgt den Proxy-Einstellungen des Desktops (http_proxy, https_proxy, no_proxy); „none“ verbindet immer direkt. Das Passwort eines Proxys wird im Schlüsselbund aufbewahrt.</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>Proxy password:</source>
        <translation>Proxy-Passwort:</translation>
    </message>
    <message>
        <source>Proxy password not stored: %1</source>
        <translation>Proxy-Passwort nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Attempts after the first one before a delivery fails.</source>
        <translation>Versuche nach dem ersten, bevor eine Zustellung fehlschlägt.</translation>
    </message>
    <message>
        <source>First retry after</source>
        <translation>Erste Wiederholung nach</translation>
    </message>
    <message>
        <source>Base delay; each further retry waits twice as long.</source>
        <translation>Grundwartezeit; jede weitere Wiederholung wartet doppelt so lange.</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Längste Wartezeit</translation>
    </message>
    <message>
        <source>No single retry waits longer than this.</source>
        <translation>Keine einzelne Wiederholung wartet länger.</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>Streuung</translation>
    </message>
    <message>
        <source>Random ± fraction of each wait, so retries do not arrive in step.</source>
        <translation>Zufälliger ±-Anteil jeder Wartezeit, damit Wiederholungen nicht im Gleichschritt kommen.</translation>
    </message>
    <message>
        <source>Parallel delivery</source>
        <translation>Parallele Zustellung</translation>
    </message>
    <message>
        <source>Send to all of an alert&apos;s channels at once; off: one after another.</source>
        <translation>An alle Kanäle eines Alarms gleichzeitig senden; aus: nacheinander.</translation>
    </message>
    <message>
        <source>Fail fast</source>
        <translation>Schnell abbrechen</translation>
    </message>
    <message>
        <source>Stop an alert&apos;s other deliveries at its first failure.</source>
        <translation>Die übrigen Zustellungen eines Alarms beim ersten Fehler stoppen.</translation>
    </message>
    <message>
        <source>Request timeout</source>
        <translation>Zeitlimit je Anfrage</translation>
    </message>
    <message>
        <source>Time limit of one HTTP attempt.</source>
        <translation>Zeitlimit eines HTTP-Versuchs.</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>Gleichzeitigkeit</translation>
    </message>
    <message>
        <source>Deliveries in flight per channel.</source>
        <translation>Gleichzeitig laufende Zustellungen je Kanal.</translation>
    </message>
    <message>
        <source>Circuit breaker</source>
        <translation>Schutzschalter</translation>
    </message>
    <message>
        <source>Consecutive failures that pause a channel.</source>
        <translation>Aufeinanderfolgende Fehler, die einen Kanal pausieren.</translation>
    </message>
    <message>
        <source>Pause before a probe</source>
        <translation>Pause vor einem Test</translation>
    </message>
    <message>
        <source>How long a paused channel waits before AlertDesk tries it again.</source>
        <translation>Wie lange ein pausierter Kanal wartet, bevor AlertDesk ihn erneut versucht.</translation>
    </message>
    <message>
        <source>Notify me of</source>
        <translation>Benachrichtigen bei</translation>
    </message>
    <message>
        <source>New alerts of this priority or more urgent pop up from the tray.</source>
        <translation>Neue Alarme dieser oder höherer Dringlichkeit erscheinen im Infobereich.</translation>
    </message>
    <message>
        <source>Close to tray</source>
        <translation>In den Infobereich schließen</translation>
    </message>
    <message>
        <source>Closing the window keeps AlertDesk delivering from the system tray.</source>
        <translation>Nach dem Schließen des Fensters stellt AlertDesk aus dem Infobereich weiter zu.</translation>
    </message>
    <message>
        <source>Start minimized</source>
        <translation>Minimiert starten</translation>
    </message>
    <message>
        <source>Start with the window hidden in the tray.</source>
        <translation>Mit im Infobereich verstecktem Fenster starten.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Takes effect the next time AlertDesk starts.</source>
        <translation>Wirkt beim nächsten Start von AlertDesk.</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>TCP port on 127.0.0.1; Apply moves the API there at once.</source>
        <translation>TCP-Port auf 127.0.0.1; Übernehmen verlegt die API sofort dorthin.</translation>
    </message>
    <message>
        <source>Body limit</source>
        <translation>Größte Anfrage</translation>
    </message>
    <message>
        <source>Largest request body accepted; a larger one gets 413.</source>
        <translation>Größter angenommener Anfrageinhalt; ein größerer erhält 413.</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <source>Window and notifications</source>
        <translation>Fenster und Benachrichtigungen</translation>
    </message>
    <message>
        <source>Ingest API</source>
        <translation>Ingest-API</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Systemsprache (%1)</translation>
    </message>
    <message>
        <source>No notifications</source>
        <translation>Keine Benachrichtigungen</translation>
    </message>
    <message>
        <source>Every alert (%1 and more urgent)</source>
        <translation>Jeder Alarm (%1 und dringender)</translation>
    </message>
    <message>
        <source>%1 alerts only</source>
        <translation>Nur %1-Alarme</translation>
    </message>
    <message>
        <source>%1 and more urgent</source>
        <translation>%1 und dringender</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Bereiche der Einstellungen</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> Bytes</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>beliebiger freier Port</translation>
    </message>
    <message>
        <source>This desktop has no system tray: closing the window quits AlertDesk, and “Start minimized” starts it minimized instead of hidden.</source>
        <translation>Dieser Desktop hat keinen Infobereich: Das Schließen des Fensters beendet AlertDesk, und „Minimiert starten“ startet es minimiert statt versteckt.</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>&amp;Copy token</source>
        <translation>Token &amp;kopieren</translation>
    </message>
    <message>
        <source>Re&amp;generate…</source>
        <translation>&amp;Neu erzeugen…</translation>
    </message>
    <message>
        <source>Scripts send it as “Authorization: Bearer TOKEN”; alertdesk-cli on this computer finds the API and its token by itself.</source>
        <translation>Skripte senden ihn als „Authorization: Bearer TOKEN“; alertdesk-cli auf diesem Computer findet die API und ihren Token selbst.</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>Ruhezeiten</translation>
    </message>
    <message>
        <source>While quiet hours hold, notifications wait and go out when they end (as one digest), or are only kept in the history. Times are in the time zone chosen.</source>
        <translation>Während Ruhezeiten warten Benachrichtigungen und gehen an deren Ende hinaus (als eine Zusammenfassung) oder werden nur im Verlauf aufbewahrt. Zeiten gelten in der gewählten Zeitzone.</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Eskalation</translation>
    </message>
    <message>
        <source>While nobody acknowledges, snoozes or resolves an alert, its policy notifies each tier&apos;s channels when the tier&apos;s time has come, then repeats reminders.</source>
        <translation>Solange niemand einen Alarm bestätigt, zurückstellt oder erledigt, benachrichtigt seine Richtlinie die Kanäle jeder Stufe, sobald deren Zeit gekommen ist, und wiederholt dann Erinnerungen.</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>%1 (not served)</source>
        <translation>%1 (nicht bereitgestellt)</translation>
    </message>
    <message>
        <source>Opening the profile…</source>
        <translation>Profil wird geöffnet…</translation>
    </message>
    <message>
        <source>Served by the AlertDesk that drives this profile (process %1).</source>
        <translation>Bereitgestellt von dem AlertDesk, das dieses Profil betreibt (Prozess %1).</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>✔ Serving on port %1 of this computer only.</source>
        <translation>✔ Bereit auf Port %1, nur für diesen Computer.</translation>
    </message>
    <message>
        <source>✘ Not serving: port %1 on 127.0.0.1 is in use by another program. Choose another port and Apply.</source>
        <translation>✘ Nicht bereit: Port %1 auf 127.0.0.1 wird von einem anderen Programm belegt. Wählen Sie einen anderen Port und übernehmen Sie.</translation>
    </message>
    <message>
        <source>✘ Not serving: %1</source>
        <translation>✘ Nicht bereit: %1</translation>
    </message>
    <message>
        <source>The token cannot be read: %1</source>
        <translation>Der Token kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Token copied to the clipboard.</source>
        <translation>Token in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Regenerate the token?</source>
        <translation>Token neu erzeugen?</translation>
    </message>
    <message>
        <source>A new token replaces the current one at once: scripts that use the current token are refused until they get the new one.</source>
        <translation>Ein neuer Token ersetzt den aktuellen sofort: Skripte mit dem aktuellen Token werden abgewiesen, bis sie den neuen erhalten.</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>&amp;Neu erzeugen</translation>
    </message>
    <message>
        <source>New token in use: the old one is refused from now on. Copy it to your scripts.</source>
        <translation>Neuer Token aktiv: Der alte wird ab jetzt abgewiesen. Kopieren Sie ihn in Ihre Skripte.</translation>
    </message>
    <message>
        <source>The token was not changed: %1</source>
        <translation>Der Token wurde nicht geändert: %1</translation>
    </message>
    <message>
        <source>Read-only: the AlertDesk that drives this profile owns its settings.</source>
        <translation>Schreibgeschützt: Die Einstellungen gehören dem AlertDesk, das dieses Profil betreibt.</translation>
    </message>
    <message>
        <source>Changed: Apply stores the settings; new deliveries use them at once.</source>
        <translation>Geändert: Übernehmen speichert die Einstellungen; neue Zustellungen verwenden sie sofort.</translation>
    </message>
    <message>
        <source>Fix this before applying:</source>
        <translation>Vor dem Übernehmen beheben:</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>Nicht übernommen: %1</translation>
    </message>
    <message>
        <source>Applied.</source>
        <translation>Übernommen.</translation>
    </message>
    <message>
        <source>Quiet hours and escalation not applied: %1</source>
        <translation>Ruhezeiten und Eskalation nicht übernommen: %1</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Beim Anmelden starten</translation>
    </message>
    <message>
        <source>Opens AlertDesk on this profile when you log in.</source>
        <translation>Öffnet AlertDesk mit diesem Profil, wenn Sie sich anmelden.</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Alert sources (ntfy topics)</source>
        <translation>Alarmquellen (ntfy-Topics)</translation>
    </message>
    <message>
        <source>Buttons on notifications</source>
        <translation>Knöpfe in Benachrichtigungen</translation>
    </message>
    <message>
        <source>Acknowledge and Snooze 1 h on notifications this urgent or more.</source>
        <translation>„Bestätigen“ und „1 Std. zurückstellen“ in Benachrichtigungen ab dieser Dringlichkeit.</translation>
    </message>
    <message>
        <source>No buttons</source>
        <translation>Keine Knöpfe</translation>
    </message>
    <message>
        <source>CRITICAL</source>
        <translation>CRITICAL</translation>
    </message>
    <message>
        <source>Plays again until the alert is acknowledged, snoozed or resolved.</source>
        <translation>Ertönt erneut, bis der Alarm bestätigt, zurückgestellt oder erledigt ist.</translation>
    </message>
    <message>
        <source>HIGH</source>
        <translation>HIGH</translation>
    </message>
    <message>
        <source>Plays once when the alert arrives.</source>
        <translation>Ertönt einmal, wenn der Alarm eintrifft.</translation>
    </message>
    <message>
        <source>MEDIUM</source>
        <translation>MEDIUM</translation>
    </message>
    <message>
        <source>LOW</source>
        <translation>LOW</translation>
    </message>
    <message>
        <source>INFO</source>
        <translation>INFO</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <source>Of the alarm sounds, within the desktop&apos;s own volume.</source>
        <translation>Der Alarmtöne, innerhalb der Lautstärke des Desktops.</translation>
    </message>
    <message>
        <source>CRITICAL repeats</source>
        <translation>CRITICAL-Wiederholungen</translation>
    </message>
    <message>
        <source>How often a CRITICAL alert&apos;s sound plays again while it is open.</source>
        <translation>Wie oft der Ton eines CRITICAL-Alarms erneut ertönt, solange er offen ist.</translation>
    </message>
    <message>
        <source>Repeat every</source>
        <translation>Wiederholen alle</translation>
    </message>
    <message>
        <source>Time between two repeats of a CRITICAL alert&apos;s sound.</source>
        <translation>Zeit zwischen zwei Wiederholungen des Tons eines CRITICAL-Alarms.</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>Töne</translation>
    </message>
    <message>
        <source>Alarm (siren)</source>
        <translation>Alarm (Sirene)</translation>
    </message>
    <message>
        <source>Alert (three rising beeps)</source>
        <translation>Warnung (drei steigende Pieptöne)</translation>
    </message>
    <message>
        <source>Chime (two notes)</source>
        <translation>Gong (zwei Töne)</translation>
    </message>
    <message>
        <source>Ping (one soft note)</source>
        <translation>Ping (ein leiser Ton)</translation>
    </message>
    <message>
        <source>Tick (a short blip)</source>
        <translation>Tick (ein kurzes Piepen)</translation>
    </message>
    <message>
        <source>Silent</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>until acknowledged</source>
        <translation>bis zur Bestätigung</translation>
    </message>
    <message>
        <source> times</source>
        <translation> Mal</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <source>Test the %1 sound</source>
        <translation>Den Ton für %1 testen</translation>
    </message>
    <message>
        <source>New alerts play a sound on this computer. Mute the sounds for a while, or pause every desktop notification, from the tray menu or the status bar. Quiet hours for every channel or for a desktop channel hold the sounds too.</source>
        <translation>Neue Alarme spielen auf diesem Computer einen Ton. Über das Menü im Systembereich oder die Statusleiste können Sie die Töne eine Zeit lang stummschalten oder alle Desktop-Benachrichtigungen pausieren. Ruhezeiten für alle Kanäle oder für einen Desktop-Kanal halten auch die Töne zurück.</translation>
    </message>
    <message>
        <source>Silent: this priority plays no sound.</source>
        <translation>Stumm: diese Priorität spielt keinen Ton.</translation>
    </message>
    <message>
        <source>Playing “%1” at %2 %.</source>
        <translation>Spiele „%1“ mit %2 %.</translation>
    </message>
    <message>
        <source>No sound: %1</source>
        <translation>Kein Ton: %1</translation>
    </message>
    <message>
        <source>None yet: every request is refused. Copy token makes one.</source>
        <translation>Noch keines: jede Anfrage wird abgewiesen. „Token kopieren“ erzeugt eines.</translation>
    </message>
    <message>
        <source>Pause holds every channel</source>
        <translation>Pause hält alle Kanäle zurück</translation>
    </message>
    <message>
        <source>A pause keeps every channel&apos;s notifications; they go out when it ends, one summary per channel.</source>
        <translation>Eine Pause hält die Benachrichtigungen aller Kanäle zurück; sie gehen an ihrem Ende hinaus, eine Zusammenfassung je Kanal.</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>Farben</translation>
    </message>
    <message>
        <source>As the desktop</source>
        <translation>Wie der Desktop</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
</context>
<context>
    <name>alertdesk::SoundPlayer</name>
    <message>
        <source>This computer has no sound output (no audio device or sound server), so AlertDesk cannot play alarm sounds here. Notifications and every channel work as before.</source>
        <translation>Dieser Computer hat keine Tonausgabe (kein Audiogerät und kein Soundserver), daher kann AlertDesk hier keine Alarmtöne abspielen. Benachrichtigungen und alle Kanäle funktionieren wie bisher.</translation>
    </message>
    <message>
        <source>there is no sound named %1</source>
        <translation>es gibt keinen Ton namens %1</translation>
    </message>
    <message>
        <source>the sound %1 cannot be played</source>
        <translation>der Ton %1 kann nicht abgespielt werden</translation>
    </message>
</context>
<context>
    <name>alertdesk::SourceDialog</name>
    <message>
        <source>Edit source %1</source>
        <translation>Quelle %1 bearbeiten</translation>
    </message>
    <message>
        <source>Add an ntfy source</source>
        <translation>ntfy-Quelle hinzufügen</translation>
    </message>
    <message>
        <source>AlertDesk subscribes to an ntfy topic and makes an alert of every message published to it: point TradingView&apos;s webhook (or a bot) at the topic&apos;s address. A message in the ingest API&apos;s JSON form is taken as it is; plain text becomes the title (its first line) and the message.</source>
        <translation>AlertDesk abonniert ein ntfy-Topic und macht aus jeder dort veröffentlichten Nachricht einen Alarm: Richten Sie den Webhook von TradingView (oder einen Bot) auf die Adresse des Topics. Eine Nachricht im JSON-Format der Ingest-API wird so übernommen, wie sie ist; aus reinem Text werden der Titel (seine erste Zeile) und die Nachricht.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>The ntfy server: the public one, or your own.</source>
        <translation>Der ntfy-Server: der öffentliche oder Ihr eigener.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>a long, hard-to-guess name</source>
        <translation>ein langer, schwer zu erratender Name</translation>
    </message>
    <message>
        <source>Anyone who knows a public topic&apos;s name can read and publish to it: choose one nobody can guess, or protect it with a token.</source>
        <translation>Wer den Namen eines öffentlichen Topics kennt, kann es lesen und darauf veröffentlichen: Wählen Sie einen Namen, den niemand errät, oder schützen Sie es mit einem Token.</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>&amp;Topic:</translation>
    </message>
    <message>
        <source>Remove the stored token</source>
        <translation>Gespeichertes Token entfernen</translation>
    </message>
    <message>
        <source>set (kept unless you type a new one)</source>
        <translation>gesetzt (bleibt, solange Sie kein neues eingeben)</translation>
    </message>
    <message>
        <source>none (a public topic); tk_… for a protected one</source>
        <translation>keins (öffentliches Topic); tk_… für ein geschütztes</translation>
    </message>
    <message>
        <source>Access t&amp;oken:</source>
        <translation>Zugriffs-T&amp;oken:</translation>
    </message>
    <message>
        <source>Custom, unless the message says</source>
        <translation>Eigener, sofern die Nachricht nichts anderes sagt</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;yp:</translation>
    </message>
    <message>
        <source>ntfy&apos;s priority, else Medium</source>
        <translation>Priorität von ntfy, sonst Mittel</translation>
    </message>
    <message>
        <source>A message&apos;s own ntfy priority (5 max … 1 min) wins over this default.</source>
        <translation>Die eigene ntfy-Priorität einer Nachricht (5 max … 1 min) hat Vorrang vor dieser Vorgabe.</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorität:</translation>
    </message>
    <message>
        <source>every enabled channel (or routing); e.g. desk, phone</source>
        <translation>alle aktiven Kanäle (oder das Routing); z. B. desk, phone</translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation>&amp;Kanäle:</translation>
    </message>
    <message>
        <source>Subscribed</source>
        <translation>Abonniert</translation>
    </message>
    <message>
        <source>The source is valid.</source>
        <translation>Die Quelle ist gültig.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::SourcesEditor</name>
    <message>
        <source>Alerts from outside this computer without opening a port: TradingView (or a bot) posts to an ntfy topic and AlertDesk subscribes to it. Set the alert&apos;s webhook URL in TradingView to https://ntfy.sh/YOUR-TOPIC (or your own ntfy server). Messages published while AlertDesk is closed are picked up when it starts again (ntfy keeps them 12 hours by default).</source>
        <translation>Alarme von außerhalb dieses Computers, ohne einen Port zu öffnen: TradingView (oder ein Bot) sendet an ein ntfy-Topic, und AlertDesk abonniert es. Tragen Sie in TradingView als Webhook-URL des Alarms https://ntfy.sh/IHR-TOPIC ein (oder Ihren eigenen ntfy-Server). Nachrichten, die veröffentlicht werden, während AlertDesk geschlossen ist, werden beim nächsten Start abgeholt (ntfy hält sie standardmäßig 12 Stunden vor).</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>&amp;Add source…</source>
        <translation>Quelle &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Not subscribed</source>
        <translation>Nicht abonniert</translation>
    </message>
    <message>
        <source>Not subscribed: %1</source>
        <translation>Nicht abonniert: %1</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindet…</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Verbindet neu</translation>
    </message>
    <message>
        <source>Reconnecting (%1)</source>
        <translation>Verbindet neu (%1)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Source %1 saved; AlertDesk subscribes to it now.</source>
        <translation>Quelle %1 gespeichert; AlertDesk abonniert sie jetzt.</translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation>Quelle entfernen</translation>
    </message>
    <message>
        <source>Remove the source %1? AlertDesk stops reading its topic and forgets where it stood.</source>
        <translation>Die Quelle %1 entfernen? AlertDesk liest ihr Topic nicht mehr und vergisst, wo es stand.</translation>
    </message>
    <message>
        <source>Source %1 removed.</source>
        <translation>Quelle %1 entfernt.</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>Nicht entfernt: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::TemplateEditorDialog</name>
    <message>
        <source>Message templates</source>
        <translation>Nachrichtenvorlagen</translation>
    </message>
    <message>
        <source>A template rewrites an alert&apos;s title and message for one channel kind and alert type (the most specific one applies). Placeholders: {{title}}, {{message}}, {{symbol}}, {{priority_emoji}}, {{data.NAME}}, {{data.NAME|default}} and every other alert field. A part that cannot be rendered sends the default text.</source>
        <translation>Eine Vorlage schreibt Titel und Nachricht eines Alarms für eine Kanalart und einen Alarmtyp um (die spezifischste gilt). Platzhalter: {{title}}, {{message}}, {{symbol}}, {{priority_emoji}}, {{data.NAME}}, {{data.NAME|default}} und jedes andere Feld des Alarms. Ein Teil, der sich nicht darstellen lässt, sendet den Standardtext.</translation>
    </message>
    <message>
        <source>Te&amp;mplates:</source>
        <translation>&amp;Vorlagen:</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation>Jeder Kanal</translation>
    </message>
    <message>
        <source>Channel &amp;kind:</source>
        <translation>&amp;Kanalart:</translation>
    </message>
    <message>
        <source>Any type</source>
        <translation>Jeder Typ</translation>
    </message>
    <message>
        <source>Alert t&amp;ype:</source>
        <translation>Alarm&amp;typ:</translation>
    </message>
    <message>
        <source>Empty: the alert&apos;s own title</source>
        <translation>Leer: der eigene Titel des Alarms</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>T&amp;itel:</translation>
    </message>
    <message>
        <source>Empty: the alert&apos;s own message</source>
        <translation>Leer: die eigene Nachricht des Alarms</translation>
    </message>
    <message>
        <source>M&amp;essage:</source>
        <translation>Na&amp;chricht:</translation>
    </message>
    <message>
        <source>Template error</source>
        <translation>Fehler in der Vorlage</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>A&amp;lert:</source>
        <translation>A&amp;larm:</translation>
    </message>
    <message>
        <source>Preview alert</source>
        <translation>Vorschau-Alarm</translation>
    </message>
    <message>
        <source>Sample price alert</source>
        <translation>Beispiel-Kursalarm</translation>
    </message>
    <message>
        <source>The alert being composed</source>
        <translation>Der Alarm, der gerade verfasst wird</translation>
    </message>
    <message>
        <source>What the channel receives</source>
        <translation>Was der Kanal erhält</translation>
    </message>
    <message>
        <source>Templates status</source>
        <translation>Vorlagenstatus</translation>
    </message>
    <message>
        <source>Reading the profile&apos;s templates…</source>
        <translation>Die Vorlagen des Profils werden gelesen…</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Another AlertDesk drives this profile: templates can be previewed, not saved.</source>
        <translation>Ein anderes AlertDesk betreibt dieses Profil: Vorlagen können in der Vorschau gezeigt, nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>any type</source>
        <translation>jeder Typ</translation>
    </message>
    <message>
        <source>No template: alerts go out with their own text.</source>
        <translation>Keine Vorlage: Alarme gehen mit ihrem eigenen Text hinaus.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>%1, %2 (this alert gets the default text)</source>
        <translation>%1, %2 (dieser Alarm erhält den Standardtext)</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>The template has an error: this alert would go out with its default text, shown above.</source>
        <translation>Die Vorlage hat einen Fehler: Dieser Alarm ginge mit seinem Standardtext hinaus, siehe oben.</translation>
    </message>
    <message>
        <source>Rendered with this template.</source>
        <translation>Mit dieser Vorlage dargestellt.</translation>
    </message>
    <message>
        <source>What a %1 channel receives (%2):</source>
        <translation>Was ein %1-Kanal erhält (%2):</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>alertdesk::ThresholdsPage</name>
    <message>
        <source>Rules watch a metric (a price, PnL, drawdown, latency…) and raise an alert when their condition holds.</source>
        <translation>Regeln beobachten eine Messgröße (einen Kurs, PnL, Drawdown, Latenz…) und lösen einen Alarm aus, wenn ihre Bedingung zutrifft.</translation>
    </message>
    <message>
        <source>&amp;Add rule…</source>
        <translation>&amp;Regel hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Disa&amp;ble</source>
        <translation>Dea&amp;ktivieren</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No rule yet&lt;/h3&gt;&lt;p&gt;A rule raises an alert when a metric crosses a threshold, leaves a range or moves by a percentage within a window: for example &lt;i&gt;BTCUSDT.price crossing up 100000&lt;/i&gt;, or &lt;i&gt;pnl.daily below -2000&lt;/i&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Regel&lt;/h3&gt;&lt;p&gt;Eine Regel löst einen Alarm aus, wenn eine Messgröße einen Schwellenwert kreuzt, einen Bereich verlässt oder sich innerhalb eines Zeitfensters um einen Prozentsatz bewegt: zum Beispiel &lt;i&gt;BTCUSDT.price kreuzt 100000 nach oben&lt;/i&gt; oder &lt;i&gt;pnl.daily unter -2000&lt;/i&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Add a rule…</source>
        <translation>Eine Regel hinzufügen…</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Messgröße</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Bedingung</translation>
    </message>
    <message>
        <source>Frequency / cooldown</source>
        <translation>Häufigkeit / Sperrzeit</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Last triggered</source>
        <translation>Zuletzt ausgelöst</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Rules status</source>
        <translation>Regelstatus</translation>
    </message>
    <message>
        <source>Test the selected rule</source>
        <translation>Die ausgewählte Regel testen</translation>
    </message>
    <message>
        <source>Rule:</source>
        <translation>Regel:</translation>
    </message>
    <message>
        <source>e.g. 100250.5</source>
        <translation>z. B. 100250.5</translation>
    </message>
    <message>
        <source>Va&amp;lue:</source>
        <translation>&amp;Wert:</translation>
    </message>
    <message>
        <source>&amp;Previous value:</source>
        <translation>&amp;Voriger Wert:</translation>
    </message>
    <message>
        <source>Nothing is sent, and the rule&apos;s stored state is left as it is.</source>
        <translation>Es wird nichts gesendet, und der gespeicherte Zustand der Regel bleibt, wie er ist.</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Enabled: click to disable</source>
        <translation>Aktiv: klicken zum Deaktivieren</translation>
    </message>
    <message>
        <source>Disabled: click to enable</source>
        <translation>Inaktiv: klicken zum Aktivieren</translation>
    </message>
    <message>
        <source>Ena&amp;ble</source>
        <translation>A&amp;ktivieren</translation>
    </message>
    <message>
        <source>Rule %1 added: it watches from now on.</source>
        <translation>Regel %1 hinzugefügt: Sie beobachtet ab jetzt.</translation>
    </message>
    <message>
        <source>Rule %1 saved.</source>
        <translation>Regel %1 gespeichert.</translation>
    </message>
    <message>
        <source>Delete rule</source>
        <translation>Regel löschen</translation>
    </message>
    <message>
        <source>Delete the rule %1? Its alerts stay in the history.</source>
        <translation>Die Regel %1 löschen? Ihre Alarme bleiben im Verlauf.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Rule %1 deleted.</source>
        <translation>Regel %1 gelöscht.</translation>
    </message>
    <message>
        <source>Rule %1 not deleted: %2</source>
        <translation>Regel %1 nicht gelöscht: %2</translation>
    </message>
    <message>
        <source>Rule %1 enabled (re-armed).</source>
        <translation>Regel %1 aktiviert (neu scharf gestellt).</translation>
    </message>
    <message>
        <source>Rule %1 disabled.</source>
        <translation>Regel %1 deaktiviert.</translation>
    </message>
    <message>
        <source>Rule %1 not changed: %2</source>
        <translation>Regel %1 nicht geändert: %2</translation>
    </message>
    <message>
        <source>Select a rule in the list.</source>
        <translation>Wählen Sie eine Regel in der Liste.</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
    <message>
        <source>Ea&amp;rlier values:</source>
        <translation>&amp;Frühere Werte:</translation>
    </message>
    <message>
        <source>the window&apos;s values, oldest first: 100, 101.5, 99.8</source>
        <translation>die Werte des Fensters, älteste zuerst: 100, 101.5, 99.8</translation>
    </message>
    <message>
        <source>the value before, e.g. 99800</source>
        <translation>der Wert davor, z. B. 99800</translation>
    </message>
    <message>
        <source>Type a value to see whether the rule would fire.</source>
        <translation>Geben Sie einen Wert ein, um zu sehen, ob die Regel auslösen würde.</translation>
    </message>
    <message>
        <source>Not a number</source>
        <translation>Keine Zahl</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number.</source>
        <translation>„%1“ ist keine Zahl.</translation>
    </message>
    <message>
        <source>More input needed</source>
        <translation>Weitere Eingabe nötig</translation>
    </message>
    <message>
        <source>Would fire</source>
        <translation>Würde auslösen</translation>
    </message>
    <message>
        <source>Title: %1</source>
        <translation>Titel: %1</translation>
    </message>
    <message>
        <source>Message: %1</source>
        <translation>Nachricht: %1</translation>
    </message>
    <message>
        <source>Would not fire</source>
        <translation>Würde nicht auslösen</translation>
    </message>
    <message>
        <source>The rule is disabled: the engine does not evaluate it.</source>
        <translation>Die Regel ist deaktiviert: Die Engine wertet sie nicht aus.</translation>
    </message>
    <message>
        <source>The rule has expired: it no longer fires.</source>
        <translation>Die Regel ist abgelaufen: Sie löst nicht mehr aus.</translation>
    </message>
    <message>
        <source>The rule fired once already and is spent: enable it again to re-arm it.</source>
        <translation>Die Regel hat bereits einmal ausgelöst und ist verbraucht: Aktivieren Sie sie erneut, um sie scharf zu stellen.</translation>
    </message>
    <message>
        <source>In its cooldown until %1.</source>
        <translation>In der Sperrzeit bis %1.</translation>
    </message>
</context>
<context>
    <name>alertdesk::TrayIcon</name>
    <message>
        <source>&amp;Show AlertDesk</source>
        <translation>AlertDesk &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit AlertDesk</source>
        <translation>AlertDesk &amp;beenden</translation>
    </message>
    <message>
        <source>AlertDesk — no open alert</source>
        <translation>AlertDesk — kein offener Alarm</translation>
    </message>
    <message numerus="yes">
        <source>AlertDesk — %n open alert(s)</source>
        <translation>
            <numerusform>AlertDesk — %n offener Alarm</numerusform>
            <numerusform>AlertDesk — %n offene Alarme</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>alertdesk::TrayNotifier</name>
    <message>
        <source>this desktop has no system tray, so AlertDesk cannot show notifications here</source>
        <translation>dieser Desktop hat keinen Infobereich, daher kann AlertDesk hier keine Benachrichtigungen zeigen</translation>
    </message>
    <message>
        <source>the AlertDesk window has no icon in the system tray (yet)</source>
        <translation>das AlertDesk-Fenster hat (noch) kein Symbol im Infobereich</translation>
    </message>
    <message>
        <source>not shown: desktop notifications are paused until %1</source>
        <translation>nicht angezeigt: Desktop-Benachrichtigungen sind bis %1 pausiert</translation>
    </message>
</context>
<context>
    <name>alertdesk::WelcomePanel</name>
    <message>
        <source>Welcome to AlertDesk</source>
        <translation>Willkommen bei AlertDesk</translation>
    </message>
    <message>
        <source>AlertDesk routes the alerts of your trading bots, price feeds and rules to the places you watch, retries what fails and keeps every alert and delivery here. This profile has no channel yet: three steps get you going.</source>
        <translation>AlertDesk leitet die Alarme Ihrer Trading-Bots, Kursfeeds und Regeln dorthin, wo Sie hinschauen, wiederholt Fehlgeschlagenes und bewahrt jeden Alarm und jede Zustellung hier auf. Dieses Profil hat noch keinen Kanal: Drei Schritte, und es geht los.</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>Einen Kanal hinzufügen</translation>
    </message>
    <message>
        <source>Tell AlertDesk where alerts go: Slack, Discord, Telegram, email, SMS, Teams, PagerDuty, a webhook or this desktop; or import your .env file or an Apprise URL from the Channels page. Secrets go to the system keychain, never to disk.</source>
        <translation>Sagen Sie AlertDesk, wohin Alarme gehen: Slack, Discord, Telegram, E-Mail, SMS, Teams, PagerDuty, ein Webhook oder dieser Desktop; oder importieren Sie Ihre .env-Datei oder eine Apprise-URL auf der Seite Kanäle. Geheimnisse kommen in den Schlüsselbund des Systems, nie auf die Festplatte.</translation>
    </message>
    <message>
        <source>Add a channel…</source>
        <translation>Kanal hinzufügen…</translation>
    </message>
    <message>
        <source>Send a test</source>
        <translation>Einen Test senden</translation>
    </message>
    <message>
        <source>Select the channel and press Send test: you see at once whether it was delivered, and how fast, or the platform&apos;s error.</source>
        <translation>Wählen Sie den Kanal und drücken Sie „Test senden“: Sie sehen sofort, ob er zugestellt wurde und wie schnell, oder den Fehler der Plattform.</translation>
    </message>
    <message>
        <source>Open Channels</source>
        <translation>Kanäle öffnen</translation>
    </message>
    <message>
        <source>Send your first alert</source>
        <translation>Ihren ersten Alarm senden</translation>
    </message>
    <message>
        <source>Compose one by hand, or from a script: alertdesk-cli send --priority HIGH --title &quot;BTC above 70k&quot;. Every alert and every delivery attempt shows up in this window as it happens.</source>
        <translation>Verfassen Sie einen von Hand oder aus einem Skript: alertdesk-cli send --priority HIGH --title &quot;BTC above 70k&quot;. Jeder Alarm und jeder Zustellversuch erscheint in diesem Fenster, sobald er geschieht.</translation>
    </message>
    <message>
        <source>Compose an alert</source>
        <translation>Einen Alarm verfassen</translation>
    </message>
</context>
</TS>
