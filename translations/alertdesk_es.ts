<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en">
<context>
    <name>AlertClipboard</name>
    <message>
        <source>As &amp;text</source>
        <translation>Como &amp;texto</translation>
    </message>
    <message>
        <source>As &amp;Markdown</source>
        <translation>Como &amp;Markdown</translation>
    </message>
    <message>
        <source>As &amp;JSON</source>
        <translation>Como &amp;JSON</translation>
    </message>
    <message>
        <source>&amp;Link (alertdesk://…)</source>
        <translation>&amp;Enlace (alertdesk://…)</translation>
    </message>
</context>
<context>
    <name>AlertDialogs</name>
    <message>
        <source>Acknowledge the alert</source>
        <translation>Confirmar la alerta</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge %Ln alerts</source>
        <translation>
            <numerusform>Confirmar %Ln alerta</numerusform>
            <numerusform>Confirmar %Ln alertas</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Note (optional): what you did about it, for the history</source>
        <translation>&amp;Nota (opcional): qué hizo al respecto, para el historial</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>&amp;Confirmar</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;All %Ln alerts that match the filter&lt;/b&gt; will be acknowledged, also those not shown yet.</source>
        <translation>
            <numerusform>&lt;b&gt;La %Ln alerta que coincide con el filtro&lt;/b&gt; se confirmará, aunque aún no se muestre.</numerusform>
            <numerusform>&lt;b&gt;Las %Ln alertas que coinciden con el filtro&lt;/b&gt; se confirmarán, también las que aún no se muestran.</numerusform>
        </translation>
    </message>
    <message>
        <source>Snooze until</source>
        <translation>Posponer hasta</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>opcional</translation>
    </message>
    <message>
        <source>&amp;Until:</source>
        <translation>&amp;Hasta:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Nota:</translation>
    </message>
    <message>
        <source>S&amp;nooze</source>
        <translation>&amp;Posponer</translation>
    </message>
    <message>
        <source>Alerts between two times</source>
        <translation>Alertas entre dos momentos</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Desde:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Hasta:</translation>
    </message>
</context>
<context>
    <name>AppriseUrl</name>
    <message>
        <source>not a URL of the form SCHEME://... (supported schemes: %1)</source>
        <extracomment>The URL forms and their parameters (SCHEME://, BOT_TOKEN, from=, mode=, region=...) are what the user types: keep them as they are.</extracomment>
        <translation>no es una URL de la forma ESQUEMA://... (esquemas admitidos: %1)</translation>
    </message>
    <message>
        <source>ignored the URL option &apos;%1&apos; (AlertDesk has no such setting for this channel)</source>
        <translation>se ignoró la opción de URL &apos;%1&apos; (AlertDesk no tiene ese ajuste para este canal)</translation>
    </message>
    <message>
        <source>ignored a URL option AlertDesk does not know</source>
        <translation>se ignoró una opción de URL que AlertDesk no conoce</translation>
    </message>
    <message>
        <source>%1:// URL: the host&apos;s &apos;[&apos; is not closed</source>
        <translation>%1:// URL: falta cerrar el &apos;[&apos; del host</translation>
    </message>
    <message>
        <source>%1:// URL: unexpected text after the host</source>
        <translation>%1:// URL: texto inesperado después del host</translation>
    </message>
    <message>
        <source>%1:// URL: no host</source>
        <translation>%1:// URL: falta el host</translation>
    </message>
    <message>
        <source>%1:// URL: the port must be a number from 1 to 65535</source>
        <translation>%1:// URL: el puerto debe ser un número de 1 a 65535</translation>
    </message>
    <message>
        <source>tgram:// URL: expected tgram://BOT_TOKEN/CHAT_ID where BOT_TOKEN is the digits:letters token BotFather gave</source>
        <translation>tgram:// URL: se esperaba tgram://BOT_TOKEN/CHAT_ID, donde BOT_TOKEN es el token dígitos:letras que le dio BotFather</translation>
    </message>
    <message>
        <source>tgram:// URL: no chat id (tgram://BOT_TOKEN/CHAT_ID; AlertDesk does not guess the chat from the bot&apos;s updates)</source>
        <translation>tgram:// URL: falta el id de chat (tgram://BOT_TOKEN/CHAT_ID; AlertDesk no deduce el chat de las actualizaciones del bot)</translation>
    </message>
    <message>
        <source>discord:// URL: expected discord://WEBHOOK_ID/WEBHOOK_TOKEN</source>
        <translation>discord:// URL: se esperaba discord://WEBHOOK_ID/WEBHOOK_TOKEN</translation>
    </message>
    <message>
        <source>ignored the bot name before &apos;@&apos;: Discord shows the name the webhook was created with</source>
        <translation>se ignoró el nombre del bot antes de &apos;@&apos;: Discord muestra el nombre con el que se creó el webhook</translation>
    </message>
    <message>
        <source>ignored the path after WEBHOOK_TOKEN</source>
        <translation>se ignoró la ruta después de WEBHOOK_TOKEN</translation>
    </message>
    <message>
        <source>ignored the bot name before &apos;@&apos;: Slack shows the app&apos;s own name</source>
        <translation>se ignoró el nombre del bot antes de &apos;@&apos;: Slack muestra el nombre propio de la app</translation>
    </message>
    <message>
        <source>slack:// URL: a bot token needs at least one channel (slack://xoxb-TOKEN/#channel)</source>
        <translation>slack:// URL: un token de bot necesita al menos un canal (slack://xoxb-TOKEN/#canal)</translation>
    </message>
    <message>
        <source>slack:// URL: an incoming webhook is slack://TOKEN_A/TOKEN_B/TOKEN_C (the three parts of https://hooks.slack.com/services/...), a bot is slack://xoxb-TOKEN/#channel</source>
        <translation>slack:// URL: un webhook entrante es slack://TOKEN_A/TOKEN_B/TOKEN_C (las tres partes de https://hooks.slack.com/services/...), un bot es slack://xoxb-TOKEN/#canal</translation>
    </message>
    <message>
        <source>ignored the channels after the webhook tokens: an incoming webhook posts to the channel it was made for</source>
        <translation>se ignoraron los canales después de los tokens del webhook: un webhook entrante publica en el canal para el que se creó</translation>
    </message>
    <message>
        <source>%1:// URL: mode= must be ssl, starttls or none</source>
        <translation>%1:// URL: mode= debe ser ssl, starttls o none</translation>
    </message>
    <message>
        <source>security %1: AlertDesk never sends mail in clear text to another machine (mode=none is only for a local server)</source>
        <translation>seguridad %1: AlertDesk nunca envía correo en texto claro a otro equipo (mode=none es solo para un servidor local)</translation>
    </message>
    <message>
        <source>%1:// URL: no sender: give from=ADDRESS or a USER@ part to send as</source>
        <translation>%1:// URL: falta el remitente: indique from=DIRECCIÓN o una parte USUARIO@ con la que enviar</translation>
    </message>
    <message>
        <source>sender: the user at the URL&apos;s domain, as Apprise does (from= sets another)</source>
        <translation>remitente: el usuario en el dominio de la URL, como hace Apprise (from= indica otro)</translation>
    </message>
    <message>
        <source>recipient: the sender, as Apprise does when no to= is given</source>
        <translation>destinatario: el remitente, como hace Apprise cuando no se indica to=</translation>
    </message>
    <message>
        <source>ignored Apprise&apos;s payload changes (-key, :key): AlertDesk posts its own JSON alert (see the README&apos;s webhook payload)</source>
        <translation>se ignoraron los cambios de la carga de Apprise (-key, :key): AlertDesk envía su propia alerta JSON (vea la carga del webhook en el README)</translation>
    </message>
    <message>
        <source>ignored method=: AlertDesk always POSTs</source>
        <translation>se ignoró method=: AlertDesk siempre envía por POST</translation>
    </message>
    <message>
        <source>pagerduty:// URL: expected pagerduty://INTEGRATION_KEY@API_KEY (or pagerduty://INTEGRATION_KEY)</source>
        <translation>pagerduty:// URL: se esperaba pagerduty://INTEGRATION_KEY@API_KEY (o pagerduty://INTEGRATION_KEY)</translation>
    </message>
    <message>
        <source>the API key was not stored: the Events API v2 needs only the integration key</source>
        <translation>la clave de API no se guardó: la Events API v2 solo necesita la clave de integración</translation>
    </message>
    <message>
        <source>ignored the component: AlertDesk sends the alert&apos;s symbol and strategy in custom_details</source>
        <translation>se ignoró el componente: AlertDesk envía el símbolo y la estrategia de la alerta en custom_details</translation>
    </message>
    <message>
        <source>ignored severity=: AlertDesk maps each alert&apos;s priority to a severity</source>
        <translation>se ignoró severity=: AlertDesk asigna la gravedad según la prioridad de cada alerta</translation>
    </message>
    <message>
        <source>pagerduty:// URL: region= must be us or eu</source>
        <translation>pagerduty:// URL: region= debe ser us o eu</translation>
    </message>
    <message>
        <source>unsupported URL scheme &apos;%1://&apos; (supported: %2)</source>
        <translation>esquema de URL no admitido &apos;%1://&apos; (admitidos: %2)</translation>
    </message>
    <message>
        <source>the bot token</source>
        <extracomment>These words take an option&apos;s place in the channel checks&apos; messages for a URL: &quot;tgram:// URL: the bot token is required&quot; (the checks&apos; own words: &quot;{--bot-token} is required&quot;).</extracomment>
        <translation>«token del bot»</translation>
    </message>
    <message>
        <source>the chat id</source>
        <translation>«id de chat»</translation>
    </message>
    <message>
        <source>the webhook URL</source>
        <translation>«URL del webhook»</translation>
    </message>
    <message>
        <source>the channel</source>
        <translation>«canal»</translation>
    </message>
    <message>
        <source>the SMTP server</source>
        <translation>«servidor SMTP»</translation>
    </message>
    <message>
        <source>the port</source>
        <translation>«puerto»</translation>
    </message>
    <message>
        <source>the user</source>
        <translation>«usuario»</translation>
    </message>
    <message>
        <source>the password</source>
        <translation>«contraseña»</translation>
    </message>
    <message>
        <source>the integration key</source>
        <translation>«clave de integración»</translation>
    </message>
    <message>
        <source>the URL</source>
        <translation>«URL»</translation>
    </message>
    <message>
        <source>the header</source>
        <translation>«cabecera»</translation>
    </message>
    <message>
        <source>the source</source>
        <translation>«origen»</translation>
    </message>
    <message>
        <source>an OAuth token</source>
        <translation>«token OAuth»</translation>
    </message>
    <message>
        <source>the chat ids</source>
        <translation>«ids de chat»</translation>
    </message>
    <message>
        <source>the channels</source>
        <translation>«canales»</translation>
    </message>
    <message>
        <source>%1:// URL: AlertDesk publishes to one topic per channel (add one URL per topic)</source>
        <translation>%1:// URL: AlertDesk publica en un tema por canal (añada una URL por tema)</translation>
    </message>
    <message>
        <source>%1:// URL: no topic (ntfy://TOPIC or ntfys://HOST/TOPIC)</source>
        <translation>%1:// URL: falta el tema (ntfy://TOPIC o ntfys://HOST/TOPIC)</translation>
    </message>
    <message>
        <source>ignored %1=: AlertDesk sets it from each alert</source>
        <translation>se ignoró %1=: AlertDesk lo toma de cada alerta</translation>
    </message>
    <message>
        <source>pover:// URL: expected pover://USER_KEY@APP_TOKEN[/DEVICE]</source>
        <translation>pover:// URL: se esperaba pover://USER_KEY@APP_TOKEN[/DEVICE]</translation>
    </message>
    <message>
        <source>ignored priority=: AlertDesk maps each alert&apos;s priority to Pushover&apos;s</source>
        <translation>se ignoró priority=: AlertDesk asigna la prioridad de Pushover según la de cada alerta</translation>
    </message>
    <message>
        <source>the topic</source>
        <translation>«tema»</translation>
    </message>
    <message>
        <source>the server</source>
        <translation>«servidor»</translation>
    </message>
    <message>
        <source>the access token</source>
        <translation>«token de acceso»</translation>
    </message>
    <message>
        <source>the user key</source>
        <translation>«clave de usuario»</translation>
    </message>
    <message>
        <source>the application token</source>
        <translation>«token de aplicación»</translation>
    </message>
    <message>
        <source>the device</source>
        <translation>«dispositivo»</translation>
    </message>
</context>
<context>
    <name>ChannelArgs</name>
    <message>
        <source>{--rate-per-second} must be a number &gt;= 0</source>
        <translation>{--rate-per-second} debe ser un número &gt;= 0</translation>
    </message>
    <message>
        <source>{--rate-burst} must be a whole number &gt;= 1</source>
        <translation>{--rate-burst} debe ser un número entero &gt;= 1</translation>
    </message>
    <message>
        <source>{--header} must look like Name:Value (one of them has no name before a &apos;:&apos;)</source>
        <translation>{--header} debe tener la forma Nombre:Valor (a uno le falta el nombre antes de &apos;:&apos;)</translation>
    </message>
    <message>
        <source>{--%1} is required</source>
        <translation>{--%1} es obligatorio</translation>
    </message>
    <message>
        <source>{--webhook-url}, or {--bot-token} with {--channel-id}, is required</source>
        <translation>se necesita {--webhook-url}, o {--bot-token} con {--channel-id}</translation>
    </message>
    <message>
        <source>{--channel-id} is required with {--bot-token}</source>
        <translation>{--channel-id} es obligatorio con {--bot-token}</translation>
    </message>
    <message>
        <source>{--bot-token} is required with {--channel-id}</source>
        <translation>{--bot-token} es obligatorio con {--channel-id}</translation>
    </message>
    <message>
        <source>{--max-segments} must be a whole number from 1 to 10</source>
        <translation>{--max-segments} debe ser un número entero de 1 a 10</translation>
    </message>
    <message>
        <source>{--webhook-url}: a Teams channel has one webhook URL (add another channel for another one)</source>
        <translation>{--webhook-url}: un canal de Teams tiene una sola URL de webhook (añada otro canal para otra)</translation>
    </message>
    <message>
        <source>{--smtp-port} must be a number from 1 to 65535, not &apos;%1&apos;</source>
        <translation>{--smtp-port} debe ser un número de 1 a 65535, no &apos;%1&apos;</translation>
    </message>
    <message>
        <source>give the display name either in {--from} or with {--from-name}, not both</source>
        <translation>indique el nombre visible en {--from} o con {--from-name}, no en ambos</translation>
    </message>
    <message>
        <source>unknown channel kind &apos;%1&apos;</source>
        <translation>tipo de canal desconocido &apos;%1&apos;</translation>
    </message>
    <message>
        <source>a %1 channel has no option --%2</source>
        <translation>un canal %1 no tiene la opción --%2</translation>
    </message>
    <message>
        <source>{--%1} must be a whole number from %2 to %3</source>
        <translation>{--%1} debe ser un número entero de %2 a %3</translation>
    </message>
    <message>
        <source>give either {--token} or {--user} with {--password}, not both</source>
        <translation>indique {--token} o {--user} con {--password}, no ambos</translation>
    </message>
    <message>
        <source>{--user} and {--password} go together</source>
        <translation>{--user} y {--password} van juntos</translation>
    </message>
    <message>
        <source>{--html} must be true or false</source>
        <translation>{--html} debe ser true o false</translation>
    </message>
    <message>
        <source>{--resend-interval}: %1</source>
        <translation>{--resend-interval}: %1</translation>
    </message>
</context>
<context>
    <name>ChannelChecks</name>
    <message>
        <source>%1 &apos;%2&apos; cannot be read</source>
        <translation>no se puede leer %1 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; holds no PEM certificate</source>
        <translation>%1 &apos;%2&apos; no contiene ningún certificado PEM</translation>
    </message>
    <message>
        <source>{%1} is required</source>
        <translation>{%1} es obligatorio</translation>
    </message>
    <message>
        <source>{%1} must start with https:// or http://</source>
        <translation>{%1} debe empezar por https:// o http://</translation>
    </message>
    <message>
        <source>{%1} has no host</source>
        <translation>{%1} no tiene host</translation>
    </message>
    <message>
        <source>header name &apos;%1&apos; is not valid</source>
        <translation>el nombre de cabecera &apos;%1&apos; no es válido</translation>
    </message>
    <message>
        <source>header %1 has a line break in its value</source>
        <translation>la cabecera %1 tiene un salto de línea en su valor</translation>
    </message>
    <message>
        <source>{webhook_urls} or {bot_token} with {channel_ids} is required</source>
        <translation>se necesita {webhook_urls}, o {bot_token} con {channel_ids}</translation>
    </message>
    <message>
        <source>{channel_ids}: give at least one channel id to post to with {bot_token}</source>
        <translation>{channel_ids}: indique al menos un id de canal en el que publicar con {bot_token}</translation>
    </message>
    <message>
        <source>{bot_token} is required to post to {channel_ids}</source>
        <translation>{bot_token} es obligatorio para publicar en {channel_ids}</translation>
    </message>
    <message>
        <source>{bot_token} must not contain spaces</source>
        <translation>{bot_token} no debe contener espacios</translation>
    </message>
    <message>
        <source>{channel_ids}: &apos;%1&apos; is not a channel id</source>
        <translation>{channel_ids}: &apos;%1&apos; no es un id de canal</translation>
    </message>
    <message>
        <source>{%1}: at least one URL is required</source>
        <translation>{%1}: se necesita al menos una URL</translation>
    </message>
    <message>
        <source>{bot_token} is required</source>
        <translation>{bot_token} es obligatorio</translation>
    </message>
    <message>
        <source>{bot_token} does not look like a Telegram bot token (digits:letters)</source>
        <translation>{bot_token} no parece un token de bot de Telegram (dígitos:letras)</translation>
    </message>
    <message>
        <source>{chat_ids}: at least one chat id is required</source>
        <translation>{chat_ids}: se necesita al menos un id de chat</translation>
    </message>
    <message>
        <source>{chat_ids}: &apos;%1&apos; is not a chat id (a number such as -1001234567890, or @channelname)</source>
        <translation>{chat_ids}: &apos;%1&apos; no es un id de chat (un número como -1001234567890, o @nombredelcanal)</translation>
    </message>
    <message>
        <source>{account_sid} is required</source>
        <translation>{account_sid} es obligatorio</translation>
    </message>
    <message>
        <source>{account_sid} must be AC followed by 32 hexadecimal digits</source>
        <translation>{account_sid} debe ser AC seguido de 32 dígitos hexadecimales</translation>
    </message>
    <message>
        <source>{auth_token} is required</source>
        <translation>{auth_token} es obligatorio</translation>
    </message>
    <message>
        <source>{auth_token} must not contain spaces</source>
        <translation>{auth_token} no debe contener espacios</translation>
    </message>
    <message>
        <source>{from} is required</source>
        <translation>{from} es obligatorio</translation>
    </message>
    <message>
        <source>{from} &apos;%1&apos; is neither an E.164 number (+15551234567) nor an alphanumeric sender id</source>
        <translation>{from} &apos;%1&apos; no es ni un número E.164 (+15551234567) ni un remitente alfanumérico</translation>
    </message>
    <message>
        <source>{to}: at least one recipient is required</source>
        <translation>{to}: se necesita al menos un destinatario</translation>
    </message>
    <message>
        <source>{to}: &apos;%1&apos; is not an E.164 number such as +15551234567</source>
        <translation>{to}: &apos;%1&apos; no es un número E.164 como +15551234567</translation>
    </message>
    <message>
        <source>{max_segments} must be between 1 and %1</source>
        <translation>{max_segments} debe estar entre 1 y %1</translation>
    </message>
    <message>
        <source>{routing_key} is required</source>
        <translation>{routing_key} es obligatorio</translation>
    </message>
    <message>
        <source>{routing_key} must be the 32 letters and digits of an Events API v2 integration key</source>
        <translation>{routing_key} debe ser las 32 letras y dígitos de una clave de integración de Events API v2</translation>
    </message>
    <message>
        <source>{source} must be 1 to 255 characters</source>
        <translation>{source} debe tener de 1 a 255 caracteres</translation>
    </message>
    <message>
        <source>%1 is required</source>
        <translation>%1 es obligatorio</translation>
    </message>
    <message>
        <source>%1 is longer than 253 characters</source>
        <translation>%1 tiene más de 253 caracteres</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; is not a host name or IP address</source>
        <translation>%1 &apos;%2&apos; no es un nombre de host ni una dirección IP</translation>
    </message>
    <message>
        <source>%1 is required: tls, starttls or none</source>
        <translation>%1 es obligatorio: tls, starttls o none</translation>
    </message>
    <message>
        <source>%1 must be tls, starttls or none, not &apos;%2&apos;</source>
        <translation>%1 debe ser tls, starttls o none, no &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1 must be a whole number from 1 to 65535</source>
        <translation>%1 debe ser un número entero de 1 a 65535</translation>
    </message>
    <message>
        <source>%1 is required (at least one recipient)</source>
        <translation>%1 es obligatorio (al menos un destinatario)</translation>
    </message>
    <message>
        <source>%1 has more than 100 recipients</source>
        <translation>%1 tiene más de 100 destinatarios</translation>
    </message>
    <message>
        <source>%1, %2 and %3 must not contain control characters</source>
        <translation>%1, %2 y %3 no deben contener caracteres de control</translation>
    </message>
    <message>
        <source>%1 none sends everything in clear text, so it cannot be used with %2, %3 or %4: use %1 starttls or %1 tls</source>
        <translation>%1 none lo envía todo en texto claro, así que no puede usarse con %2, %3 o %4: use %1 starttls o %1 tls</translation>
    </message>
    <message>
        <source>%1 none is only allowed for a server on this machine (localhost, 127.0.0.1, ::1), not for %2: use %1 starttls or %1 tls</source>
        <translation>%1 none solo se permite para un servidor en este equipo (localhost, 127.0.0.1, ::1), no para %2: use %1 starttls o %1 tls</translation>
    </message>
    <message>
        <source>%1 has no use with %2 none</source>
        <translation>%1 no sirve de nada con %2 none</translation>
    </message>
    <message>
        <source>give either %1 or %2, not both</source>
        <translation>indique %1 o %2, no ambos</translation>
    </message>
    <message>
        <source>%1 needs %2 (the account to log in as)</source>
        <translation>%1 necesita %2 (la cuenta con la que iniciar sesión)</translation>
    </message>
    <message>
        <source>%1 needs %2 or %3</source>
        <translation>%1 necesita %2 o %3</translation>
    </message>
    <message>
        <source>%1 must be plain, login or xoauth2, not &apos;%2&apos;</source>
        <translation>%1 debe ser plain, login o xoauth2, no &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1 needs %2 with %3 or %4</source>
        <translation>%1 necesita %2 con %3 o %4</translation>
    </message>
    <message>
        <source>%1 xoauth2 needs %2</source>
        <translation>%1 xoauth2 necesita %2</translation>
    </message>
    <message>
        <source>%1 %2 needs %3</source>
        <translation>%1 %2 necesita %3</translation>
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
        <translation>tipo de canal desconocido &apos;%1&apos;</translation>
    </message>
    <message>
        <source>channel name &apos;ingest&apos; is reserved (the ingest API keeps its token under it in the keychain)</source>
        <translation>el nombre de canal &apos;ingest&apos; está reservado (la API de ingesta guarda su token con ese nombre en el llavero)</translation>
    </message>
    <message>
        <source>channel name &apos;%1&apos; is not valid: use 1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter or digit</source>
        <translation>el nombre de canal &apos;%1&apos; no es válido: use de 1 a 64 letras, dígitos, &apos;_&apos;, &apos;.&apos; o &apos;-&apos;, empezando por una letra o un dígito</translation>
    </message>
    <message>
        <source>a channel named &apos;%1&apos; exists already</source>
        <translation>ya existe un canal llamado &apos;%1&apos;</translation>
    </message>
    <message>
        <source>{from} &apos;%1&apos; is not an E.164 number such as +15551234567</source>
        <translation>{from} &apos;%1&apos; no es un número E.164 como +15551234567</translation>
    </message>
    <message>
        <source>{repeat} must be between 1 and %1</source>
        <translation>{repeat} debe estar entre 1 y %1</translation>
    </message>
    <message>
        <source>{voice} &apos;%1&apos; is not a Twilio voice name such as Polly.Joanna</source>
        <translation>{voice} &apos;%1&apos; no es un nombre de voz de Twilio como Polly.Joanna</translation>
    </message>
    <message>
        <source>{language} &apos;%1&apos; is not a language tag such as en-US</source>
        <translation>{language} &apos;%1&apos; no es una etiqueta de idioma como en-US</translation>
    </message>
    <message>
        <source>{topic} is required</source>
        <translation>{topic} es obligatorio</translation>
    </message>
    <message>
        <source>{topic} &apos;%1&apos; may hold only letters, digits, - and _ (at most 64)</source>
        <translation>{topic} &apos;%1&apos; solo puede contener letras, dígitos, - y _ (como máximo 64)</translation>
    </message>
    <message>
        <source>give either {token} or {user} with {password}, not both</source>
        <translation>indique {token} o {user} con {password}, no ambos</translation>
    </message>
    <message>
        <source>{token} must not contain spaces</source>
        <translation>{token} no debe contener espacios</translation>
    </message>
    <message>
        <source>{password} is required with {user}</source>
        <translation>{password} es obligatorio con {user}</translation>
    </message>
    <message>
        <source>{user} is required with {password}</source>
        <translation>{user} es obligatorio con {password}</translation>
    </message>
    <message>
        <source>{user} must not contain &apos;:&apos;</source>
        <translation>{user} no debe contener &apos;:&apos;</translation>
    </message>
    <message>
        <source>{%1} must be the 30 letters and digits Pushover shows</source>
        <translation>{%1} debe ser las 30 letras y dígitos que muestra Pushover</translation>
    </message>
    <message>
        <source>{devices}: &apos;%1&apos; is not a device name (letters, digits, - and _, at most 25)</source>
        <translation>{devices}: &apos;%1&apos; no es un nombre de dispositivo (letras, dígitos, - y _, como máximo 25)</translation>
    </message>
    <message>
        <source>{sound} &apos;%1&apos; is not a sound name such as siren</source>
        <translation>{sound} &apos;%1&apos; no es un nombre de sonido como siren</translation>
    </message>
    <message>
        <source>{retry} must be at least %1 seconds</source>
        <translation>{retry} debe ser de al menos %1 segundos</translation>
    </message>
    <message>
        <source>{expire} must be from {retry} to %1 seconds</source>
        <translation>{expire} debe estar entre {retry} y %1 segundos</translation>
    </message>
    <message>
        <source>{urls}: give the URL of at least one cluster peer</source>
        <translation>{urls}: indique la URL de al menos un nodo del clúster</translation>
    </message>
    <message>
        <source>{%1} must not carry a user or password: use {basic_auth}</source>
        <translation>{%1} no debe llevar usuario ni contraseña: use {basic_auth}</translation>
    </message>
    <message>
        <source>{basic_auth} must look like USER:PASSWORD</source>
        <translation>{basic_auth} debe tener la forma USUARIO:CONTRASEÑA</translation>
    </message>
    <message>
        <source>{basic_auth} and {bearer_token} cannot both be given</source>
        <translation>no se pueden indicar {basic_auth} y {bearer_token} a la vez</translation>
    </message>
    <message>
        <source>{bearer_token} must not contain spaces</source>
        <translation>{bearer_token} no debe contener espacios</translation>
    </message>
    <message>
        <source>{resend_interval} must be a duration from 1s to 5m (such as 60s)</source>
        <translation>{resend_interval} debe ser una duración de 1s a 5m (como 60s)</translation>
    </message>
    <message>
        <source>{%1} contains a space or a line break; a URL has none</source>
        <translation>{%1} contiene un espacio o un salto de línea; una URL no tiene ninguno</translation>
    </message>
    <message>
        <source>{%1} has no scheme: it must start with https://</source>
        <translation>{%1} no tiene esquema: debe empezar por https://</translation>
    </message>
    <message>
        <source>{%1} has no scheme: it must start with https:// or http://</source>
        <translation>{%1} no tiene esquema: debe empezar por https:// o http://</translation>
    </message>
    <message>
        <source>{%1} holds characters a URL cannot: &apos;%2&apos;</source>
        <translation>{%1} contiene caracteres que una URL no admite: &apos;%2&apos;</translation>
    </message>
    <message>
        <source>{%1} is not a valid URL: check its host and port</source>
        <translation>{%1} no es una URL válida: revise el host y el puerto</translation>
    </message>
    <message>
        <source>{%1} must start with https://</source>
        <translation>{%1} debe empezar por https://</translation>
    </message>
    <message>
        <source>{%1} must start with https://: over http:// its secret would travel unencrypted</source>
        <translation>{%1} debe empezar por https://: por http:// su secreto viajaría sin cifrar</translation>
    </message>
</context>
<context>
    <name>ChannelPreview</name>
    <message>
        <source>(idempotency key)</source>
        <translation>(clave de idempotencia)</translation>
    </message>
    <message>
        <source>Notification text: %1</source>
        <translation>Texto de la notificación: %1</translation>
    </message>
    <message>
        <source>One embed, %1 of %2 characters</source>
        <translation>Un embed, %1 de %2 caracteres</translation>
    </message>
    <message>
        <source>HTML text, %1 of %2 visible characters</source>
        <translation>Texto HTML, %1 de %2 caracteres visibles</translation>
    </message>
    <message>
        <source>1 segment</source>
        <translation>1 segmento</translation>
    </message>
    <message>
        <source>%1 segments</source>
        <translation>%1 segmentos</translation>
    </message>
    <message>
        <source>%1, %2, %3 characters</source>
        <translation>%1, %2, %3 caracteres</translation>
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
        <translation>Partes de texto y HTML; la parte de texto:</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>Asunto: %1</translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation>Para: %1</translation>
    </message>
    <message>
        <source>Adaptive Card, %1 of %2 bytes</source>
        <translation>Adaptive Card, %1 de %2 bytes</translation>
    </message>
    <message>
        <source>(routing key)</source>
        <translation>(clave de enrutamiento)</translation>
    </message>
    <message>
        <source>Events API v2 trigger, severity %1</source>
        <translation>Evento trigger de la Events API v2, gravedad %1</translation>
    </message>
    <message>
        <source>Desktop notification</source>
        <translation>Notificación de escritorio</translation>
    </message>
    <message>
        <source>JSON POST, %1 bytes</source>
        <translation>POST JSON, %1 bytes</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>What the call says (once); delivered when answered</source>
        <translation>Lo que dice la llamada (una vez); entregada cuando se contesta</translation>
    </message>
    <message>
        <source>What the call says (%1 times); delivered when answered</source>
        <translation>Lo que dice la llamada (%1 veces); entregada cuando se contesta</translation>
    </message>
    <message>
        <source>Push, priority %1 of 5</source>
        <translation>Push, prioridad %1 de 5</translation>
    </message>
    <message>
        <source>Opens: %1</source>
        <translation>Abre: %1</translation>
    </message>
    <message>
        <source>Push, emergency priority: repeats every %1 s for up to %2 s until acknowledged</source>
        <translation>Push, prioridad de emergencia: se repite cada %1 s durante hasta %2 s hasta que se confirme</translation>
    </message>
    <message>
        <source>Push, priority %1</source>
        <translation>Push, prioridad %1</translation>
    </message>
    <message>
        <source>POST /api/v2/alerts to every peer, severity %1</source>
        <translation>POST /api/v2/alerts a cada nodo, gravedad %1</translation>
    </message>
</context>
<context>
    <name>DeliveryErrors</name>
    <message numerus="yes">
        <source>gave up after %n attempt(s): %1</source>
        <translation>
            <numerusform>abandonado tras %n intento: %1</numerusform>
            <numerusform>abandonado tras %n intentos: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>is empty; give a duration such as 30s, 5m, 1h or 1d</source>
        <extracomment>What is wrong with an option&apos;s or field&apos;s value, after its name: &quot;Cooldown is empty; ...&quot;.</extracomment>
        <translation>está en blanco; indique una duración como 30s, 5m, 1h o 1d</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a duration; use a number with a unit (ms, s, m, h, d, w), e.g. 30s, 5m, 1h30m</source>
        <extracomment>%1 is the text typed. The units ms, s, m, h, d and w are what AlertDesk reads: keep them.</extracomment>
        <translation>&apos;%1&apos; no es una duración; use un número con unidad (ms, s, m, h, d, w), p. ej. 30s, 5m, 1h30m</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is too long a duration</source>
        <translation>&apos;%1&apos; es una duración demasiado larga</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an ISO 8601 date and time (e.g. 2026-03-29T07:00:00Z or 2026-03-29T09:00+02:00)</source>
        <translation>&apos;%1&apos; no es una fecha y hora ISO 8601 (p. ej. 2026-03-29T07:00:00Z o 2026-03-29T09:00+02:00)</translation>
    </message>
</context>
<context>
    <name>Mailbox</name>
    <message>
        <source>is empty</source>
        <extracomment>This and the other messages of this context follow the address or its field: &quot;{to} &apos;x&apos; has no @&quot;.</extracomment>
        <translation>está en blanco</translation>
    </message>
    <message>
        <source>must be ASCII (internationalised addresses are not supported)</source>
        <translation>debe ser ASCII (no se admiten direcciones internacionalizadas)</translation>
    </message>
    <message>
        <source>must not contain spaces or control characters</source>
        <translation>no debe contener espacios ni caracteres de control</translation>
    </message>
    <message>
        <source>is longer than 254 characters</source>
        <translation>tiene más de 254 caracteres</translation>
    </message>
    <message>
        <source>has no @</source>
        <translation>no tiene @</translation>
    </message>
    <message>
        <source>has nothing before the @</source>
        <translation>no tiene nada antes de la @</translation>
    </message>
    <message>
        <source>has more than 64 characters before the @</source>
        <translation>tiene más de 64 caracteres antes de la @</translation>
    </message>
    <message>
        <source>has a misplaced dot before the @</source>
        <translation>tiene un punto mal colocado antes de la @</translation>
    </message>
    <message>
        <source>has the character &apos;%1&apos; before the @ (quoted local parts are not supported)</source>
        <translation>tiene el carácter &apos;%1&apos; antes de la @ (no se admiten partes locales entre comillas)</translation>
    </message>
    <message>
        <source>has no domain after the @</source>
        <translation>no tiene dominio después de la @</translation>
    </message>
    <message>
        <source>has an unterminated [address] domain</source>
        <translation>tiene un dominio [dirección] sin cerrar</translation>
    </message>
    <message>
        <source>has an invalid [address] domain</source>
        <translation>tiene un dominio [dirección] no válido</translation>
    </message>
    <message>
        <source>has a domain longer than 253 characters</source>
        <translation>tiene un dominio de más de 253 caracteres</translation>
    </message>
    <message>
        <source>has an invalid domain &apos;%1&apos;</source>
        <translation>tiene un dominio no válido: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>has a &apos;&gt;&apos; without &apos;&lt;&apos;</source>
        <translation>tiene un &apos;&gt;&apos; sin &apos;&lt;&apos;</translation>
    </message>
    <message>
        <source>has a control character in its display name</source>
        <translation>tiene un carácter de control en el nombre visible</translation>
    </message>
    <message>
        <source>has a display name longer than 128 characters</source>
        <translation>tiene un nombre visible de más de 128 caracteres</translation>
    </message>
    <message>
        <source>has a &apos;&lt;&apos; without &apos;&gt;&apos;</source>
        <translation>tiene un &apos;&lt;&apos; sin &apos;&gt;&apos;</translation>
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
        <translation>once-per necesita un intervalo mayor que 0</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not once, every or once-per:DURATION (e.g. once-per:1h)</source>
        <translation>&apos;%1&apos; no es once, every ni once-per:DURACIÓN (p. ej. once-per:1h)</translation>
    </message>
    <message>
        <source>{--%1} is required</source>
        <translation>{--%1} es obligatorio</translation>
    </message>
    <message>
        <source>{--%1} must be a number, not &apos;%2&apos;</source>
        <translation>{--%1} debe ser un número, no &apos;%2&apos;</translation>
    </message>
    <message>
        <source>{--when} &apos;%1&apos; is not one of %2</source>
        <translation>{--when} &apos;%1&apos; no es ninguno de %2</translation>
    </message>
    <message>
        <source>{--expires} %1 is in the past</source>
        <translation>{--expires} %1 ya ha pasado</translation>
    </message>
    <message>
        <source>{--type} &apos;%1&apos; is not one of %2</source>
        <translation>{--type} &apos;%1&apos; no es ninguno de %2</translation>
    </message>
    <message>
        <source>{--priority} &apos;%1&apos; is not one of %2</source>
        <translation>{--priority} &apos;%1&apos; no es ninguno de %2</translation>
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
        <translation>&apos;%1&apos; no es un nombre de regla válido: use de 1 a 64 letras, dígitos, &apos;_&apos;, &apos;.&apos; o &apos;-&apos;, empezando por una letra o un dígito</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid metric key: use 1-128 letters, digits and . _ - : / @</source>
        <translation>&apos;%1&apos; no es una clave de métrica válida: use de 1 a 128 letras, dígitos y . _ - : / @</translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <translation>debe ser un número finito</translation>
    </message>
    <message>
        <source>only applies to enter-range and leave-range</source>
        <translation>solo se aplica a enter-range y leave-range</translation>
    </message>
    <message>
        <source>is the size of the move in percent and must be greater than 0</source>
        <translation>es el tamaño del movimiento en porcentaje y debe ser mayor que 0</translation>
    </message>
    <message>
        <source>is required by %1 and must be longer than 0</source>
        <translation>es obligatorio con %1 y debe ser mayor que 0</translation>
    </message>
    <message>
        <source>only applies to moved-up and moved-down</source>
        <translation>solo se aplica a moved-up y moved-down</translation>
    </message>
    <message>
        <source>once-per needs an interval longer than 0, e.g. once-per:1h</source>
        <translation>once-per necesita un intervalo mayor que 0, p. ej. once-per:1h</translation>
    </message>
    <message>
        <source>only once-per takes an interval</source>
        <translation>solo once-per admite un intervalo</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>no debe ser negativo</translation>
    </message>
    <message>
        <source>must be a time after 1970</source>
        <translation>debe ser una fecha posterior a 1970</translation>
    </message>
    <message>
        <source>is %1 characters long; the limit is %2</source>
        <translation>tiene %1 caracteres; el límite es %2</translation>
    </message>
    <message>
        <source>names %1 channels; the limit is %2</source>
        <translation>nombra %1 canales; el límite es %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a channel name</source>
        <translation>&apos;%1&apos; no es un nombre de canal</translation>
    </message>
    <message>
        <source>is required by %1: the range is from {--value} to {--value2}</source>
        <translation>es obligatorio con %1: el rango va de {--value} a {--value2}</translation>
    </message>
    <message>
        <source>must be greater than {--value}</source>
        <translation>debe ser mayor que {--value}</translation>
    </message>
    <message>
        <source>uses the unknown placeholder %1 (known: %2)</source>
        <translation>usa el marcador desconocido %1 (conocidos: %2)</translation>
    </message>
</context>
<context>
    <name>RuleTrial</name>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation>«%1» no es un número</translation>
    </message>
    <message>
        <source>%1 compares with the previous value: type one.</source>
        <translation>%1 compara con el valor anterior: escriba uno.</translation>
    </message>
    <message>
        <source>%1 measures the move within the window: type the earlier values of the window.</source>
        <translation>%1 mide el movimiento dentro de la ventana: escriba los valores anteriores de la ventana.</translation>
    </message>
    <message>
        <source>%1 against the threshold %2.</source>
        <translation>%1 frente al umbral %2.</translation>
    </message>
    <message>
        <source>From %1 to %2 against the threshold %3.</source>
        <translation>De %1 a %2 frente al umbral %3.</translation>
    </message>
    <message>
        <source>From %1 to %2 against the range %3.</source>
        <translation>De %1 a %2 frente al rango %3.</translation>
    </message>
    <message>
        <source>%1 is %2% above the window&apos;s lowest value %3; the rule wants %4%.</source>
        <translation>%1 está un %2 % por encima del valor más bajo de la ventana, %3; la regla pide un %4 %.</translation>
    </message>
    <message>
        <source>%1 is %2% below the window&apos;s highest value %3; the rule wants %4%.</source>
        <translation>%1 está un %2 % por debajo del valor más alto de la ventana, %3; la regla pide un %4 %.</translation>
    </message>
</context>
<context>
    <name>RulesText</name>
    <message>
        <source>above</source>
        <translation>por encima de</translation>
    </message>
    <message>
        <source>below</source>
        <translation>por debajo de</translation>
    </message>
    <message>
        <source>crossing (either way)</source>
        <translation>cruza (en cualquier sentido)</translation>
    </message>
    <message>
        <source>crossing up</source>
        <translation>cruza al alza</translation>
    </message>
    <message>
        <source>crossing down</source>
        <translation>cruza a la baja</translation>
    </message>
    <message>
        <source>moved up (% within a window)</source>
        <translation>sube (% dentro de una ventana)</translation>
    </message>
    <message>
        <source>moved down (% within a window)</source>
        <translation>baja (% dentro de una ventana)</translation>
    </message>
    <message>
        <source>entering a range</source>
        <translation>entra en un rango</translation>
    </message>
    <message>
        <source>leaving a range</source>
        <translation>sale de un rango</translation>
    </message>
    <message>
        <source>above %1</source>
        <translation>por encima de %1</translation>
    </message>
    <message>
        <source>below %1</source>
        <translation>por debajo de %1</translation>
    </message>
    <message>
        <source>crossing %1</source>
        <translation>cruza %1</translation>
    </message>
    <message>
        <source>crossing up %1</source>
        <translation>cruza %1 al alza</translation>
    </message>
    <message>
        <source>crossing down %1</source>
        <translation>cruza %1 a la baja</translation>
    </message>
    <message>
        <source>up %1% within %2</source>
        <translation>+%1 % en %2</translation>
    </message>
    <message>
        <source>down %1% within %2</source>
        <translation>−%1 % en %2</translation>
    </message>
    <message>
        <source>entering %1 … %2</source>
        <translation>entra en %1 … %2</translation>
    </message>
    <message>
        <source>leaving %1 … %2</source>
        <translation>sale de %1 … %2</translation>
    </message>
    <message>
        <source>once</source>
        <translation>una vez</translation>
    </message>
    <message>
        <source>every time</source>
        <translation>cada vez</translation>
    </message>
    <message>
        <source>once per %1</source>
        <translation>una vez cada %1</translation>
    </message>
    <message>
        <source>%1 · cooldown %2</source>
        <translation>%1 · enfriamiento %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>caducó %1</translation>
    </message>
    <message>
        <source>%1 (1 time)</source>
        <translation>%1 (1 vez)</translation>
    </message>
    <message>
        <source>%1 (%2 times)</source>
        <translation>%1 (%2 veces)</translation>
    </message>
    <message>
        <source>%1 · spent</source>
        <translation>%1 · agotada</translation>
    </message>
</context>
<context>
    <name>SettingChecks</name>
    <message>
        <source>%1 must be a string</source>
        <translation>%1 debe ser una cadena de texto</translation>
    </message>
    <message>
        <source>%1 is longer than %2 characters</source>
        <translation>%1 tiene más de %2 caracteres</translation>
    </message>
    <message>
        <source>network.proxy must not hold a password: it belongs in the keychain</source>
        <translation>network.proxy no debe contener una contraseña: esta va en el llavero</translation>
    </message>
    <message>
        <source>%1 must be one of %2</source>
        <translation>%1 debe ser uno de %2</translation>
    </message>
    <message>
        <source>%1 must be true or false</source>
        <translation>%1 debe ser true o false</translation>
    </message>
    <message>
        <source>%1 must be a number</source>
        <translation>%1 debe ser un número</translation>
    </message>
    <message>
        <source>%1 must be a finite number</source>
        <translation>%1 debe ser un número finito</translation>
    </message>
    <message>
        <source>%1 must be a whole number</source>
        <translation>%1 debe ser un número entero</translation>
    </message>
    <message>
        <source>%1 must be between %2 and %3</source>
        <translation>%1 debe estar entre %2 y %3</translation>
    </message>
    <message>
        <source>%1 must be one of %2, not &apos;%3&apos;</source>
        <translation>%1 debe ser uno de %2, no &apos;%3&apos;</translation>
    </message>
    <message>
        <source>%1 must be true or false, not &apos;%2&apos;</source>
        <translation>%1 debe ser true o false, no &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1 must be a number, not &apos;%2&apos;</source>
        <translation>%1 debe ser un número, no &apos;%2&apos;</translation>
    </message>
    <message>
        <source>network.proxy must be system, none or http://[user[:password]@]host:port</source>
        <extracomment>network.proxy is the setting&apos;s key; system, none and the URL&apos;s form are what it takes.</extracomment>
        <translation>network.proxy debe ser system, none o http://[usuario[:contraseña]@]host:puerto</translation>
    </message>
    <message>
        <source>%1 must be a JSON object</source>
        <translation>%1 debe ser un objeto JSON</translation>
    </message>
</context>
<context>
    <name>SourceArgs</name>
    <message>
        <source>{--%1} is given more than once</source>
        <translation>{--%1} se indica más de una vez</translation>
    </message>
    <message>
        <source>{--topic} is required</source>
        <translation>{--topic} es obligatorio</translation>
    </message>
    <message>
        <source>{--topic} must be 1-64 letters, digits, &apos;-&apos; or &apos;_&apos; (ntfy&apos;s rule for topic names)</source>
        <translation>{--topic} debe tener de 1 a 64 letras, dígitos, &apos;-&apos; o &apos;_&apos; (la regla de ntfy para nombres de tema)</translation>
    </message>
    <message>
        <source>{--server} must be an http:// or https:// address without a query or a login, e.g. https://ntfy.sh</source>
        <translation>{--server} debe ser una dirección http:// o https:// sin consulta ni credenciales, p. ej. https://ntfy.sh</translation>
    </message>
    <message>
        <source>{--type} must be one of %1</source>
        <translation>{--type} debe ser uno de %1</translation>
    </message>
    <message>
        <source>{--priority} must be one of %1</source>
        <translation>{--priority} debe ser una de %1</translation>
    </message>
    <message>
        <source>{--channel}: &apos;%1&apos; is not a channel name</source>
        <translation>{--channel}: &apos;%1&apos; no es un nombre de canal</translation>
    </message>
    <message>
        <source>{--token} must not contain spaces or control characters</source>
        <translation>{--token} no debe contener espacios ni caracteres de control</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid source name: use 1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter or digit</source>
        <translation>&apos;%1&apos; no es un nombre de fuente válido: use de 1 a 64 letras, dígitos, &apos;_&apos;, &apos;.&apos; o &apos;-&apos;, empezando por una letra o un dígito</translation>
    </message>
</context>
<context>
    <name>UiText</name>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>Rendimiento</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Riesgo</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Salud</translation>
    </message>
    <message>
        <source>Milestone</source>
        <translation>Hito</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personalizado</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abierta</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Confirmada</translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation>Pospuesta</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>entregada</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallida</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelada</translation>
    </message>
    <message>
        <source>failed, will retry</source>
        <translation>fallida, se reintentará</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>cerrado</translation>
    </message>
    <message>
        <source>open (paused)</source>
        <translation>abierto (en pausa)</translation>
    </message>
    <message>
        <source>probing</source>
        <translation>sondeando</translation>
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
        <translation>ningún canal</translation>
    </message>
    <message>
        <source>%1/%2 delivered</source>
        <translation>%1/%2 entregadas</translation>
    </message>
    <message numerus="yes">
        <source>, %n failed</source>
        <translation>
            <numerusform>, %n fallida</numerusform>
            <numerusform>, %n fallidas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n cancelled</source>
        <translation>
            <numerusform>, %n cancelada</numerusform>
            <numerusform>, %n canceladas</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source> · %1 failed</source>
        <translation> · fallidas: %1</translation>
    </message>
    <message>
        <source> · %1 cancelled</source>
        <translation> · canceladas: %1</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>en cola</translation>
    </message>
    <message numerus="yes">
        <source>, %n queued</source>
        <translation>
            <numerusform>, %n en cola</numerusform>
            <numerusform>, %n en cola</numerusform>
        </translation>
    </message>
    <message>
        <source> · %1 queued</source>
        <translation> · en cola: %1</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>«%1»</translation>
    </message>
    <message>
        <source>the “%1” on line %2, column %3 closes nothing</source>
        <translation>el «%1» de la línea %2, columna %3 no cierra nada</translation>
    </message>
    <message>
        <source>the “%1” on line %2, column %3 does not match the “%4” of line %5, column %6</source>
        <translation>el «%1» de la línea %2, columna %3 no corresponde al «%4» de la línea %5, columna %6</translation>
    </message>
    <message>
        <source>the text in quotes from line %1, column %2 has no closing “&quot;”</source>
        <translation>al texto entre comillas desde la línea %1, columna %2 le falta la «&quot;» de cierre</translation>
    </message>
    <message>
        <source>a “%1” is missing to close the “%2” of line %3, column %4</source>
        <translation>falta una «%1» para cerrar la «%2» de la línea %3, columna %4</translation>
    </message>
    <message>
        <source>%1 on line %2, column %3</source>
        <translation>%1 en la línea %2, columna %3</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertDetailsPane</name>
    <message>
        <source>Select an alert to see its fields, its data and every delivery attempt.</source>
        <translation>Seleccione una alerta para ver sus campos, sus datos y cada intento de entrega.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Estrategia</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Posición</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creada</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Actualizada</translation>
    </message>
    <message>
        <source>Dedup key</source>
        <translation>Clave de deduplicación</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Alert data</source>
        <translation>Datos de la alerta</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Entregas</translation>
    </message>
    <message>
        <source>Channel / attempt</source>
        <translation>Canal / intento</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latencia</translation>
    </message>
    <message>
        <source>Delivery attempts</source>
        <translation>Intentos de entrega</translation>
    </message>
    <message numerus="yes">
        <source>{%n field(s)}</source>
        <translation>
            <numerusform>{%n campo}</numerusform>
            <numerusform>{%n campos}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n elemento]</numerusform>
            <numerusform>[%n elementos]</numerusform>
        </translation>
    </message>
    <message>
        <source>every enabled channel</source>
        <translation>todos los canales activos</translation>
    </message>
    <message>
        <source>(no data)</source>
        <translation>(sin datos)</translation>
    </message>
    <message>
        <source>(no delivery: no channel was targeted)</source>
        <translation>(sin entrega: no se eligió ningún canal)</translation>
    </message>
    <message numerus="yes">
        <source>%1 after %n attempt(s)</source>
        <translation>
            <numerusform>%1 tras %n intento</numerusform>
            <numerusform>%1 tras %n intentos</numerusform>
        </translation>
    </message>
    <message>
        <source>Attempt %1</source>
        <translation>Intento %1</translation>
    </message>
    <message>
        <source>%1 · HTTP %2</source>
        <translation>%1 · HTTP %2</translation>
    </message>
    <message>
        <source>Occurrences</source>
        <translation>Repeticiones</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Visto por última vez</translation>
    </message>
    <message>
        <source>Snoozed until</source>
        <translation>Pospuesta hasta</translation>
    </message>
    <message>
        <source>State changes</source>
        <translation>Cambios de estado</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>(no change yet: the alert is as it arrived)</source>
        <translation>(ningún cambio todavía: la alerta está tal como llegó)</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy this alert as text, Markdown, JSON or a link that opens it</source>
        <translation>Copiar esta alerta como texto, Markdown, JSON o un enlace que la abre</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>The silence on the cluster by %1 ended at %2</source>
        <translation>El silencio en el clúster de %1 terminó el %2</translation>
    </message>
    <message>
        <source>Silenced on the cluster by %1 until %2</source>
        <translation>Silenciada en el clúster por %1 hasta el %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Silenced on the cluster</source>
        <translation>Silenciada en el clúster</translation>
    </message>
    <message>
        <source>Cluster silence ended</source>
        <translation>Silencio del clúster terminado</translation>
    </message>
    <message>
        <source>%1, until %2</source>
        <translation>%1, hasta el %2</translation>
    </message>
    <message>
        <source>%1, ended at %2</source>
        <translation>%1, terminó el %2</translation>
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
        <translation>Líneas JSON (*.jsonl)</translation>
    </message>
    <message>
        <source>Export alerts</source>
        <translation>Exportar alertas</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
    <message>
        <source>Exporting alerts to %1…</source>
        <translation>Exportando alertas a %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n alert(s) to %1</source>
        <translation>
            <numerusform>%n alerta exportada a %1</numerusform>
            <numerusform>%n alertas exportadas a %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written to %1</source>
        <translation>Exportación cancelada: no se escribió nada en %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Entregas</translation>
    </message>
</context>
<context>
    <name>alertdesk::AlertsPage</name>
    <message>
        <source>&lt;h3&gt;No alerts yet&lt;/h3&gt;&lt;p&gt;Alerts from your bots, from &lt;tt&gt;alertdesk-cli send&lt;/tt&gt; or from the Compose page appear here the moment they arrive.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Aún no hay alertas&lt;/h3&gt;&lt;p&gt;Las alertas de sus bots, de &lt;tt&gt;alertdesk-cli send&lt;/tt&gt; o de la página Redactar aparecen aquí en cuanto llegan.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>No alert matches these filters.</source>
        <translation>Ninguna alerta coincide con estos filtros.</translation>
    </message>
    <message>
        <source>S&amp;nooze</source>
        <translation>&amp;Posponer</translation>
    </message>
    <message>
        <source>&amp;Acknowledge…</source>
        <translation>&amp;Confirmar…</translation>
    </message>
    <message>
        <source>Acknowledge the selected alerts, with an optional note (Ctrl+Shift+A)</source>
        <translation>Confirmar las alertas seleccionadas, con una nota opcional (Ctrl+Mayús+A)</translation>
    </message>
    <message>
        <source>&amp;Resolve</source>
        <translation>&amp;Resolver</translation>
    </message>
    <message>
        <source>Resolve the selected alerts (Ctrl+Shift+R)</source>
        <translation>Resolver las alertas seleccionadas (Ctrl+Mayús+R)</translation>
    </message>
    <message>
        <source>For 15 minutes</source>
        <translation>Durante 15 minutos</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>Durante 1 hora</translation>
    </message>
    <message>
        <source>For 4 hours</source>
        <translation>Durante 4 horas</translation>
    </message>
    <message>
        <source>Until tomorrow 08:00</source>
        <translation>Hasta mañana a las 08:00</translation>
    </message>
    <message>
        <source>Until a date and time…</source>
        <translation>Hasta una fecha y hora…</translation>
    </message>
    <message>
        <source>Snooze the selected alerts: they open again when the time is up (Ctrl+Shift+S)</source>
        <translation>Posponer las alertas seleccionadas: vuelven a abrirse cuando se cumple el plazo (Ctrl+Mayús+S)</translation>
    </message>
    <message>
        <source>Alerts nobody has acknowledged, snoozed or resolved yet: click to show only them</source>
        <translation>Alertas que nadie ha confirmado, pospuesto ni resuelto todavía: haga clic para ver solo esas</translation>
    </message>
    <message>
        <source>Search titles and messages (Ctrl+F)</source>
        <translation>Buscar en títulos y mensajes (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Cualquier estado</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>Cualquier prioridad</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Any type</source>
        <translation>Cualquier tipo</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Any symbol</source>
        <translation>Cualquier símbolo</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation>Cualquier canal</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Cualquier momento</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Última hora</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Últimas 24 horas</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>Periodo personalizado…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Limpiar</translation>
    </message>
    <message>
        <source>Show every alert again</source>
        <translation>Volver a mostrar todas las alertas</translation>
    </message>
    <message>
        <source>%1 unacknowledged</source>
        <translation>%1 sin confirmar</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Procesando…</translation>
    </message>
    <message>
        <source> · not changed: %1</source>
        <translation> · sin cambios: %1</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Re&amp;open</source>
        <translation>Rea&amp;brir</translation>
    </message>
    <message>
        <source>Open the selected alerts again: undoes acknowledge, snooze or resolve (Ctrl+Shift+O)</source>
        <translation>Volver a abrir las alertas seleccionadas: deshace confirmar, posponer o resolver (Ctrl+Mayús+O)</translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation>%1 y superior</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Acknowledge %Ln…</source>
        <translation>
            <numerusform>&amp;Confirmar (%Ln)…</numerusform>
            <numerusform>&amp;Confirmar (%Ln)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>S&amp;nooze %Ln</source>
        <translation>
            <numerusform>&amp;Posponer (%Ln)</numerusform>
            <numerusform>&amp;Posponer (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Resolve %Ln</source>
        <translation>
            <numerusform>&amp;Resolver (%Ln)</numerusform>
            <numerusform>&amp;Resolver (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Re&amp;open %Ln</source>
        <translation>
            <numerusform>Rea&amp;brir (%Ln)</numerusform>
            <numerusform>Rea&amp;brir (%Ln)</numerusform>
        </translation>
    </message>
    <message>
        <source> · cancelled</source>
        <translation> · cancelado</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledged: %Ln</source>
        <translation>
            <numerusform>Confirmadas: %Ln</numerusform>
            <numerusform>Confirmadas: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Snoozed: %Ln</source>
        <translation>
            <numerusform>Pospuestas: %Ln</numerusform>
            <numerusform>Pospuestas: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Resolved: %Ln</source>
        <translation>
            <numerusform>Resueltas: %Ln</numerusform>
            <numerusform>Resueltas: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reopened: %Ln</source>
        <translation>
            <numerusform>Reabiertas: %Ln</numerusform>
            <numerusform>Reabiertas: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · not changed: %Ln</source>
        <translation>
            <numerusform> · sin cambiar: %Ln</numerusform>
            <numerusform> · sin cambiar: %Ln</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>alertdesk::Application</name>
    <message>
        <source>AlertDesk: routes trading alerts to your channels.</source>
        <translation>AlertDesk: envía las alertas de trading a sus canales.</translation>
    </message>
    <message>
        <source>Open the profile in DIR (default: %1).</source>
        <translation>Abrir el perfil en DIR (por defecto: %1).</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>PAGE</source>
        <translation>PÁGINA</translation>
    </message>
    <message>
        <source>Window size WIDTHxHEIGHT (default: 1280x800).</source>
        <translation>Tamaño de la ventana ANCHOxALTO (por defecto: 1280x800).</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>TAMAÑO</translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE (PNG) once it has loaded, then quit.</source>
        <translation>Guardar una imagen de la ventana en ARCHIVO (PNG) una vez cargada, y salir.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>ARCHIVO</translation>
    </message>
    <message>
        <source>An alertdesk://alert/ID link (copied from an alert, or a notification&apos;s): opens that alert.</source>
        <translation>Un enlace alertdesk://alert/ID (copiado de una alerta o de una notificación): abre esa alerta.</translation>
    </message>
    <message>
        <source>Start on PAGE: alerts, channels, thresholds, compose, settings or dashboard (settings/SECTION: delivery, window, sounds, ingest, quiet-hours, escalation, network, sources).</source>
        <translation>Empezar en PÁGINA: alerts, channels, thresholds, compose, settings o dashboard (settings/SECCIÓN: delivery, window, sounds, ingest, quiet-hours, escalation, network, sources).</translation>
    </message>
</context>
<context>
    <name>alertdesk::AppriseUrlDialog</name>
    <message>
        <source>Add a channel from an Apprise URL</source>
        <translation>Añadir un canal desde una URL de Apprise</translation>
    </message>
    <message>
        <source>Paste the URL you use with Apprise, for example tgram://TOKEN/CHAT_ID, discord://ID/TOKEN, slack://A/B/C, mailtos://user:password@example.com, jsons://host/path or pagerduty://KEY. Schemes AlertDesk reads: %1.</source>
        <translation>Pegue la URL que usa con Apprise, por ejemplo tgram://TOKEN/CHAT_ID, discord://ID/TOKEN, slack://A/B/C, mailtos://usuario:contraseña@example.com, jsons://host/ruta o pagerduty://CLAVE. Esquemas que AlertDesk lee: %1.</translation>
    </message>
    <message>
        <source>scheme://…</source>
        <translation>esquema://…</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>Optional: the kind&apos;s name (telegram, discord, …) by default</source>
        <translation>Opcional: por defecto, el nombre del tipo (telegram, discord, …)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Its tokens and passwords go to the system keychain, never to disk.</source>
        <translation>Sus tokens y contraseñas van al llavero del sistema, nunca al disco.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>&amp;Add channel</source>
        <translation>&amp;Añadir canal</translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation>Añadiendo…</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>No se añadió: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::BulkActionRunner</name>
    <message>
        <source>Acknowledge %1 alerts?</source>
        <translation>¿Confirmar %1 alertas?</translation>
    </message>
    <message>
        <source>&amp;Acknowledge %1</source>
        <translation>&amp;Confirmar %1</translation>
    </message>
    <message>
        <source>Snooze %1 alerts?</source>
        <translation>¿Posponer %1 alertas?</translation>
    </message>
    <message>
        <source>S&amp;nooze %1</source>
        <translation>&amp;Posponer %1</translation>
    </message>
    <message>
        <source>Resolve %1 alerts?</source>
        <translation>¿Resolver %1 alertas?</translation>
    </message>
    <message>
        <source>&amp;Resolve %1</source>
        <translation>&amp;Resolver %1</translation>
    </message>
    <message>
        <source>Reopen %1 alerts?</source>
        <translation>¿Reabrir %1 alertas?</translation>
    </message>
    <message>
        <source>Re&amp;open %1</source>
        <translation>Rea&amp;brir %1</translation>
    </message>
    <message>
        <source>This applies to every alert that matches the filter, also those not shown yet.</source>
        <translation>Se aplica a todas las alertas que coinciden con el filtro, también a las que aún no se muestran.</translation>
    </message>
    <message>
        <source>Working on %1 alerts…</source>
        <translation>Procesando %1 alertas…</translation>
    </message>
    <message>
        <source>Stopping after this batch…</source>
        <translation>Se detiene tras este lote…</translation>
    </message>
    <message>
        <source>Done %1 of %2 alerts…</source>
        <translation>%1 de %2 alertas hechas…</translation>
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
        <translation>Cabeceras</translation>
    </message>
    <message>
        <source>Optional, one per line, e.g.
Authorization: Bearer …</source>
        <translation>Opcional, una por línea, p. ej.
Authorization: Bearer …</translation>
    </message>
    <message>
        <source>HMAC secret</source>
        <translation>Secreto HMAC</translation>
    </message>
    <message>
        <source>Optional: signs each request (X-AlertDesk-Signature)</source>
        <translation>Opcional: firma cada petición (X-AlertDesk-Signature)</translation>
    </message>
    <message>
        <source>Messages per second</source>
        <translation>Mensajes por segundo</translation>
    </message>
    <message>
        <source>Optional: the platform&apos;s documented limit by default</source>
        <translation>Opcional: por defecto, el límite documentado de la plataforma</translation>
    </message>
    <message>
        <source>Burst</source>
        <translation>Ráfaga</translation>
    </message>
    <message>
        <source>Optional: messages allowed at once</source>
        <translation>Opcional: mensajes permitidos de una vez</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>URL del webhook</translation>
    </message>
    <message>
        <source>https://… (several: separate them with spaces)</source>
        <translation>https://… (varias: sepárelas con espacios)</translation>
    </message>
    <message>
        <source>https://…  (the Workflows webhook of the Teams channel)</source>
        <translation>https://…  (el webhook de Workflows del canal de Teams)</translation>
    </message>
    <message>
        <source>Bot token</source>
        <translation>Token del bot</translation>
    </message>
    <message>
        <source>xoxb-… (instead of webhook URLs, with channel IDs)</source>
        <translation>xoxb-… (en lugar de URL de webhook, con ID de canal)</translation>
    </message>
    <message>
        <source>123456789:AA… from @BotFather</source>
        <translation>123456789:AA… de @BotFather</translation>
    </message>
    <message>
        <source>Channel IDs</source>
        <translation>ID de canal</translation>
    </message>
    <message>
        <source>With a bot token, one per line, e.g. C0123456789</source>
        <translation>Con un token de bot, uno por línea, p. ej. C0123456789</translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation>URL base de la API</translation>
    </message>
    <message>
        <source>Optional: a self-hosted or test server</source>
        <translation>Opcional: un servidor propio o de pruebas</translation>
    </message>
    <message>
        <source>Chat IDs</source>
        <translation>ID de chat</translation>
    </message>
    <message>
        <source>One per line: -1001234567890 or @channelname</source>
        <translation>Uno por línea: -1001234567890 o @nombredelcanal</translation>
    </message>
    <message>
        <source>Account SID</source>
        <translation>SID de la cuenta</translation>
    </message>
    <message>
        <source>AC followed by 32 hexadecimal digits</source>
        <translation>AC seguido de 32 dígitos hexadecimales</translation>
    </message>
    <message>
        <source>Auth token</source>
        <translation>Token de autenticación</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>+15551234567, or a sender name</source>
        <translation>+15551234567, o un nombre de remitente</translation>
    </message>
    <message>
        <source>alerts@example.com</source>
        <translation>alerts@example.com</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>One number per line: +15557654321</source>
        <translation>Un número por línea: +15557654321</translation>
    </message>
    <message>
        <source>One address per line</source>
        <translation>Una dirección por línea</translation>
    </message>
    <message>
        <source>Max segments</source>
        <translation>Máx. de segmentos</translation>
    </message>
    <message>
        <source>Optional: 1 to 10 SMS per alert</source>
        <translation>Opcional: de 1 a 10 SMS por alerta</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>Clave de enrutamiento</translation>
    </message>
    <message>
        <source>32 letters and digits (Events API v2 integration key)</source>
        <translation>32 letras y dígitos (clave de integración de la Events API v2)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Optional: what PagerDuty shows as the source</source>
        <translation>Opcional: lo que PagerDuty muestra como origen</translation>
    </message>
    <message>
        <source>SMTP server</source>
        <translation>Servidor SMTP</translation>
    </message>
    <message>
        <source>SMTP port</source>
        <translation>Puerto SMTP</translation>
    </message>
    <message>
        <source>Optional: 465 with TLS, 587 with STARTTLS</source>
        <translation>Opcional: 465 con TLS, 587 con STARTTLS</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Seguridad</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>The account to log in as</source>
        <translation>La cuenta con la que iniciar sesión</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>OAuth token</source>
        <translation>Token OAuth</translation>
    </message>
    <message>
        <source>Instead of a password (XOAUTH2)</source>
        <translation>En lugar de una contraseña (XOAUTH2)</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Autenticación</translation>
    </message>
    <message>
        <source>From name</source>
        <translation>Nombre del remitente</translation>
    </message>
    <message>
        <source>Optional display name</source>
        <translation>Nombre visible opcional</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>Archivo de CA</translation>
    </message>
    <message>
        <source>Optional: PEM file of a private certificate authority</source>
        <translation>Opcional: archivo PEM de una autoridad de certificación privada</translation>
    </message>
    <message>
        <source>AlertDesk POSTs each alert as JSON to this URL, with an Idempotency-Key header; with a secret it also signs the body (HMAC-SHA256).</source>
        <translation>AlertDesk envía cada alerta como JSON por POST a esta URL, con una cabecera Idempotency-Key; con un secreto, también firma el cuerpo (HMAC-SHA256).</translation>
    </message>
    <message>
        <source>Incoming webhook URLs (Slack, Mattermost, Rocket.Chat), or a bot token with the IDs of the channels to post to.</source>
        <translation>URL de incoming webhooks (Slack, Mattermost, Rocket.Chat), o un token de bot con los ID de los canales en los que publicar.</translation>
    </message>
    <message>
        <source>One or more Discord webhook URLs (Server settings › Integrations › Webhooks).</source>
        <translation>Una o varias URL de webhook de Discord (Ajustes del servidor › Integraciones › Webhooks).</translation>
    </message>
    <message>
        <source>A bot token from @BotFather and the chats the bot posts to (add the bot to them first).</source>
        <translation>Un token de bot de @BotFather y los chats en los que publica el bot (añada antes el bot a ellos).</translation>
    </message>
    <message>
        <source>Text messages through Twilio: your account SID and auth token, the sender and the recipients&apos; numbers.</source>
        <translation>Mensajes de texto a través de Twilio: el SID y el token de autenticación de su cuenta, el remitente y los números de los destinatarios.</translation>
    </message>
    <message>
        <source>Mail through your SMTP server, over TLS (465) or STARTTLS (587); a password never travels in clear text.</source>
        <translation>Correo a través de su servidor SMTP, con TLS (465) o STARTTLS (587); la contraseña nunca viaja en texto plano.</translation>
    </message>
    <message>
        <source>A Microsoft Teams Workflows webhook: AlertDesk posts an Adaptive Card to its channel.</source>
        <translation>Un webhook de Workflows de Microsoft Teams: AlertDesk publica una Adaptive Card en su canal.</translation>
    </message>
    <message>
        <source>PagerDuty Events API v2: alerts trigger incidents; acknowledging or resolving here does the same there.</source>
        <translation>PagerDuty Events API v2: las alertas disparan incidentes; confirmarlas o resolverlas aquí hace lo mismo allí.</translation>
    </message>
    <message>
        <source>A notification from AlertDesk&apos;s icon in the system tray of this computer. Needs no account.</source>
        <translation>Una notificación desde el icono de AlertDesk en la bandeja del sistema de este equipo. No necesita cuenta.</translation>
    </message>
    <message>
        <source>%1 (number %2)</source>
        <translation>%1 (número %2)</translation>
    </message>
    <message>
        <source>Choose the kind of channel.</source>
        <translation>Elija el tipo de canal.</translation>
    </message>
    <message>
        <source>Enter a name for the channel.</source>
        <translation>Escriba un nombre para el canal.</translation>
    </message>
    <message>
        <source>The name may use letters, digits, &apos;_&apos;, &apos;.&apos; and &apos;-&apos; (at most 64), and must start with a letter or a digit.</source>
        <translation>El nombre puede usar letras, dígitos, «_», «.» y «-» (64 como máximo) y debe empezar por una letra o un dígito.</translation>
    </message>
    <message>
        <source>A channel named %1 exists already.</source>
        <translation>Ya existe un canal llamado %1.</translation>
    </message>
    <message>
        <source>Plain http:// sends your alerts unencrypted (%1); use https:// if the receiver offers it.</source>
        <translation>Un http:// simple envía sus alertas sin cifrar (%1); use https:// si el receptor lo ofrece.</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>Añadir canal</translation>
    </message>
    <message>
        <source>Edit channel %1</source>
        <translation>Editar el canal %1</translation>
    </message>
    <message numerus="yes">
        <source>Stored in the keychain (%n values): leave empty to keep them</source>
        <translation>
            <numerusform>Guardado en el llavero (%n valor): déjelo vacío para conservarlo</numerusform>
            <numerusform>Guardado en el llavero (%n valores): déjelo vacío para conservarlos</numerusform>
        </translation>
    </message>
    <message>
        <source>Stored in the keychain: leave empty to keep it</source>
        <translation>Guardado en el llavero: déjelo vacío para conservarlo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Tipo:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Tipo:</translation>
    </message>
    <message>
        <source>e.g. trading-desk</source>
        <translation>p. ej. trading-desk</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Deliver alerts to this channel</source>
        <translation>&amp;Entregar alertas a este canal</translation>
    </message>
    <message>
        <source>Fields shown as dots, and every URL and header, are stored in the system keychain, never on disk.</source>
        <translation>Los campos mostrados como puntos, y todas las URL y cabeceras, se guardan en el llavero del sistema, nunca en el disco.</translation>
    </message>
    <message>
        <source>Validation message</source>
        <translation>Mensaje de validación</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(por defecto)</translation>
    </message>
    <message>
        <source>One per line</source>
        <translation>Uno por línea</translation>
    </message>
    <message>
        <source>Nothing to fill in.</source>
        <translation>No hay nada que rellenar.</translation>
    </message>
    <message>
        <source>Reading the stored secrets from the keychain…</source>
        <translation>Leyendo del llavero los secretos guardados…</translation>
    </message>
    <message>
        <source>The stored secrets could not be read (%1): enter them again.</source>
        <translation>No se pudieron leer los secretos guardados (%1): escríbalos de nuevo.</translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>Listo para guardar.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>No se guardó: %1</translation>
    </message>
    <message>
        <source>Your Twilio number: +15551234567</source>
        <translation>Su número de Twilio: +15551234567</translation>
    </message>
    <message>
        <source>Numbers to call</source>
        <translation>Números a llamar</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Voz</translation>
    </message>
    <message>
        <source>Optional: a Twilio voice such as Polly.Joanna</source>
        <translation>Opcional: una voz de Twilio como Polly.Joanna</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Optional: en-US, de-DE, es-ES…</source>
        <translation>Opcional: en-US, de-DE, es-ES…</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Repetir</translation>
    </message>
    <message>
        <source>Optional: times the message is spoken, 1 to 5 (2)</source>
        <translation>Opcional: veces que se dice el mensaje, de 1 a 5 (2)</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Letters, digits, - and _; hard to guess on ntfy.sh</source>
        <translation>Letras, dígitos, - y _; difícil de adivinar en ntfy.sh</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>Optional: https://ntfy.sh, or your own server</source>
        <translation>Opcional: https://ntfy.sh o su propio servidor</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Token de acceso</translation>
    </message>
    <message>
        <source>Optional: tk_… (or a user and password)</source>
        <translation>Opcional: tk_… (o usuario y contraseña)</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Optional: with a password, instead of a token</source>
        <translation>Opcional: con contraseña, en lugar de un token</translation>
    </message>
    <message>
        <source>User key</source>
        <translation>Clave de usuario</translation>
    </message>
    <message>
        <source>30 characters, on your Pushover dashboard</source>
        <translation>30 caracteres, en su panel de Pushover</translation>
    </message>
    <message>
        <source>Application token</source>
        <translation>Token de aplicación</translation>
    </message>
    <message>
        <source>30 characters, of the application you created</source>
        <translation>30 caracteres, de la aplicación que creó</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Dispositivos</translation>
    </message>
    <message>
        <source>Optional, one per line: every device when empty</source>
        <translation>Opcional, uno por línea: vacío significa todos los dispositivos</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Sonido</translation>
    </message>
    <message>
        <source>Optional: siren, pushover, none…</source>
        <translation>Opcional: siren, pushover, none…</translation>
    </message>
    <message>
        <source>Emergency retry (s)</source>
        <translation>Repetición de emergencia (s)</translation>
    </message>
    <message>
        <source>Optional: CRITICAL repeats every N seconds, at least 30 (60)</source>
        <translation>Opcional: CRITICAL se repite cada N segundos, al menos 30 (60)</translation>
    </message>
    <message>
        <source>Emergency expiry (s)</source>
        <translation>Caducidad de emergencia (s)</translation>
    </message>
    <message>
        <source>Optional: until acknowledged or this long, at most 10800 (3600)</source>
        <translation>Opcional: hasta que se confirme o durante este tiempo, como máximo 10800 (3600)</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Phone calls through Twilio that speak the alert; a delivery counts once a call is answered, a call nobody answers is tried again.</source>
        <translation>Llamadas a través de Twilio que leen la alerta; la entrega cuenta cuando se contesta una llamada, una llamada sin respuesta se vuelve a intentar.</translation>
    </message>
    <message>
        <source>Push notifications to the ntfy app on your phone: a topic on ntfy.sh or on your own server, with a token or a user and password when it is protected.</source>
        <translation>Notificaciones push a la app ntfy de su teléfono: un tema en ntfy.sh o en su propio servidor, con un token o usuario y contraseña si está protegido.</translation>
    </message>
    <message>
        <source>Push notifications through Pushover: your user key and an application&apos;s token; CRITICAL alerts repeat until acknowledged.</source>
        <translation>Notificaciones push a través de Pushover: su clave de usuario y el token de una aplicación; las alertas CRITICAL se repiten hasta que se confirman.</translation>
    </message>
    <message>
        <source>Cluster peers</source>
        <translation>Nodos del clúster</translation>
    </message>
    <message>
        <source>One Alertmanager per line: http://alertmanager-1:9093</source>
        <translation>Un Alertmanager por línea: http://alertmanager-1:9093</translation>
    </message>
    <message>
        <source>Basic auth</source>
        <translation>Autenticación básica</translation>
    </message>
    <message>
        <source>Optional: USER:PASSWORD</source>
        <translation>Opcional: USUARIO:CONTRASEÑA</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Token bearer</translation>
    </message>
    <message>
        <source>Optional, instead of basic auth</source>
        <translation>Opcional, en lugar de la autenticación básica</translation>
    </message>
    <message>
        <source>Re-send every</source>
        <translation>Reenviar cada</translation>
    </message>
    <message>
        <source>Optional: 60s by default, below the cluster&apos;s resolve_timeout</source>
        <translation>Opcional: 60s por defecto, por debajo del resolve_timeout del clúster</translation>
    </message>
    <message>
        <source>Desk name</source>
        <translation>Nombre de la mesa</translation>
    </message>
    <message>
        <source>Optional: the instance label (this computer&apos;s name by default)</source>
        <translation>Opcional: la etiqueta instance (por defecto, el nombre de este equipo)</translation>
    </message>
    <message>
        <source>Silences by</source>
        <translation>Silencios a nombre de</translation>
    </message>
    <message>
        <source>Optional: who the cluster names for acknowledgements</source>
        <translation>Opcional: a quién nombra el clúster en las confirmaciones</translation>
    </message>
    <message>
        <source>A Prometheus Alertmanager cluster: alerts go to every peer; acknowledging or snoozing here silences the alert for the whole desk, resolving ends it.</source>
        <translation>Un clúster de Prometheus Alertmanager: las alertas van a cada nodo; confirmar o posponer aquí silencia la alerta para toda la mesa, resolverla la termina.</translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelsModel</name>
    <message>
        <source>enabled</source>
        <translation>activo</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>desactivado</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation>Circuito</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviadas</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallidas</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Éxito</translation>
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
        <translation>Último error</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>cerrado</translation>
    </message>
    <message>
        <source>open · probes at %1</source>
        <translation>abierto · sondeo a las %1</translation>
    </message>
    <message>
        <source>open</source>
        <translation>abierto</translation>
    </message>
    <message>
        <source>half-open: probing</source>
        <translation>semiabierto: sondeando</translation>
    </message>
    <message>
        <source>Closed: deliveries go out as usual.</source>
        <translation>Cerrado: las entregas salen con normalidad.</translation>
    </message>
    <message>
        <source>Open: the channel failed too often in a row, so its deliveries wait instead of hammering it. At %1 one delivery goes through as a probe: its success closes the circuit.</source>
        <translation>Abierto: el canal ha fallado demasiadas veces seguidas, así que sus entregas esperan en lugar de saturarlo. A las %1 sale una entrega como sondeo: si tiene éxito, cierra el circuito.</translation>
    </message>
    <message>
        <source>Half-open: the pause is over and one probe delivery decides; success closes the circuit, failure opens it again for twice as long.</source>
        <translation>Semiabierto: la pausa ha terminado y una entrega de sondeo decide; el éxito cierra el circuito, un fallo lo vuelve a abrir el doble de tiempo.</translation>
    </message>
</context>
<context>
    <name>alertdesk::ChannelsPage</name>
    <message>
        <source>&lt;h3&gt;No channel yet&lt;/h3&gt;&lt;p&gt;A channel is a place your alerts go: Slack, Discord, Telegram, email, SMS, Teams, PagerDuty, a webhook or this desktop. Add one, or bring your existing configuration (a .env file or an Apprise URL), then press &lt;b&gt;Send test&lt;/b&gt; to check it answers.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Aún no hay ningún canal&lt;/h3&gt;&lt;p&gt;Un canal es un sitio al que van sus alertas: Slack, Discord, Telegram, correo, SMS, Teams, PagerDuty, un webhook o este escritorio. Añada uno, o traiga su configuración actual (un archivo .env o una URL de Apprise), y pulse &lt;b&gt;Enviar prueba&lt;/b&gt; para comprobar que responde.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Add channel…</source>
        <translation>Añadir canal…</translation>
    </message>
    <message>
        <source>Import .env…</source>
        <translation>Importar .env…</translation>
    </message>
    <message>
        <source>Add from Apprise URL…</source>
        <translation>Añadir desde URL de Apprise…</translation>
    </message>
    <message>
        <source>&amp;Add channel…</source>
        <translation>Añadir &amp;canal…</translation>
    </message>
    <message>
        <source>Add a channel of any kind (Ctrl+N)</source>
        <translation>Añadir un canal de cualquier tipo (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>Change the selected channel&apos;s settings and secrets</source>
        <translation>Cambiar los ajustes y secretos del canal seleccionado</translation>
    </message>
    <message>
        <source>Send &amp;test</source>
        <translation>Enviar &amp;prueba</translation>
    </message>
    <message>
        <source>Send a test message to the selected channel now (Ctrl+T)</source>
        <translation>Enviar ahora un mensaje de prueba al canal seleccionado (Ctrl+T)</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>&amp;Desactivar</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>Eli&amp;minar…</translation>
    </message>
    <message>
        <source>&amp;Import .env…</source>
        <translation>&amp;Importar .env…</translation>
    </message>
    <message>
        <source>Channels and settings from a .env file, as alertdesk-cli import-env reads it</source>
        <translation>Canales y ajustes de un archivo .env, tal como los lee alertdesk-cli import-env</translation>
    </message>
    <message>
        <source>Add from Apprise &amp;URL…</source>
        <translation>Añadir desde &amp;URL de Apprise…</translation>
    </message>
    <message>
        <source>A channel from an Apprise URL (tgram://, discord://, slack://, mailto://, json://…)</source>
        <translation>Un canal a partir de una URL de Apprise (tgram://, discord://, slack://, mailto://, json://…)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Actuali&amp;zar</translation>
    </message>
    <message>
        <source>Read the channels&apos; health again (F5)</source>
        <translation>Volver a leer la salud de los canales (F5)</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>Resultado de la prueba</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>Ajustes:</translation>
    </message>
    <message>
        <source>Secrets:</source>
        <translation>Secretos:</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Último error:</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>Prueba:</translation>
    </message>
    <message>
        <source>Channel not changed</source>
        <translation>Canal sin cambios</translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation>Eliminar canal</translation>
    </message>
    <message>
        <source>Remove the channel %1 and its secrets from the keychain? Its deliveries that are still open fail; the history keeps what was sent.</source>
        <translation>¿Eliminar el canal %1 y sus secretos del llavero? Sus entregas aún abiertas fallan; el historial conserva lo que se envió.</translation>
    </message>
    <message>
        <source>Channel not removed</source>
        <translation>Canal no eliminado</translation>
    </message>
    <message>
        <source>Added the channel %1.</source>
        <translation>Se añadió el canal %1.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Nota: %1</translation>
    </message>
    <message>
        <source>Channel added</source>
        <translation>Canal añadido</translation>
    </message>
    <message>
        <source>The Apprise URL became the channel %1.</source>
        <translation>La URL de Apprise se convirtió en el canal %1.</translation>
    </message>
    <message>
        <source>Import a .env file</source>
        <translation>Importar un archivo .env</translation>
    </message>
    <message>
        <source>.env files (.env *.env);;All files (*)</source>
        <translation>Archivos .env (.env *.env);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Nothing imported</source>
        <translation>No se importó nada</translation>
    </message>
    <message>
        <source>Everything usable in the file was imported.</source>
        <translation>Se importó todo lo utilizable del archivo.</translation>
    </message>
    <message>
        <source>Imported, but some of the file was rejected: see why below.</source>
        <translation>Importado, pero parte del archivo se rechazó: vea el motivo abajo.</translation>
    </message>
    <message>
        <source>The import failed: see why below.</source>
        <translation>La importación falló: vea el motivo abajo.</translation>
    </message>
    <message>
        <source>Import from .env</source>
        <translation>Importar desde .env</translation>
    </message>
    <message>
        <source>Sending a test message to %1…</source>
        <translation>Enviando un mensaje de prueba a %1…</translation>
    </message>
    <message>
        <source>Not tested in this session. Press Send test (Ctrl+T).</source>
        <translation>Sin probar en esta sesión. Pulse Enviar prueba (Ctrl+T).</translation>
    </message>
    <message>
        <source>✔ Delivered in %1 (at %2)</source>
        <translation>✔ Entregado en %1 (a las %2)</translation>
    </message>
    <message>
        <source>✘ Failed: %1</source>
        <translation>✘ Falló: %1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>no se indicó ningún motivo</translation>
    </message>
    <message>
        <source>Select a channel</source>
        <translation>Seleccione un canal</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>Ac&amp;tivar</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>activo</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>desactivado</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>(none besides the secrets)</source>
        <translation>(ninguno aparte de los secretos)</translation>
    </message>
    <message>
        <source>set</source>
        <translation>definido</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>sin definir</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation>%1 (a las %2)</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviadas</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallidas</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Tasa de éxito</translation>
    </message>
    <message>
        <source>Latency p50 / p95</source>
        <translation>Latencia p50 / p95</translation>
    </message>
    <message>
        <source>Circuit</source>
        <translation>Circuito</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <source>Deliveries per hour, last 24 h</source>
        <translation>Entregas por hora, últimas 24 h</translation>
    </message>
    <message>
        <source>No delivery in the last 24 hours</source>
        <translation>Ninguna entrega en las últimas 24 horas</translation>
    </message>
    <message>
        <source>Latency per hour, last 24 h</source>
        <translation>Latencia por hora, últimas 24 h</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>entregadas</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallidas</translation>
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
Entregadas: %2
Fallidas: %3
Reintentos: %4</translation>
    </message>
    <message>
        <source>%1
p50: %2
p95: %3
Delivered: %4</source>
        <translation>%1
p50: %2
p95: %3
Entregadas: %4</translation>
    </message>
    <message>
        <source>Deliveries per hour, last 24 h (%1 delivered, %2 failed)</source>
        <translation>Entregas por hora, últimas 24 h (%1 entregadas, %2 fallidas)</translation>
    </message>
    <message>
        <source>Deliveries that arrived; the last one at %1. Attempts retried: %2.</source>
        <translation>Entregas que llegaron; la última a las %1. Reintentos: %2.</translation>
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
        <translation>Ninguna entrega correcta en las últimas 24 horas</translation>
    </message>
    <message>
        <source>%1
No successful delivery</source>
        <translation>%1
Ninguna entrega correcta</translation>
    </message>
</context>
<context>
    <name>alertdesk::ComposePage</name>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>&amp;Tipo:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Prioridad:</translation>
    </message>
    <message>
        <source>e.g. BTC above 70,000</source>
        <translation>p. ej. BTC por encima de 70.000</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>Tít&amp;ulo:</translation>
    </message>
    <message>
        <source>Optional, e.g. BTCUSDT</source>
        <translation>Opcional, p. ej. BTCUSDT</translation>
    </message>
    <message>
        <source>S&amp;ymbol:</source>
        <translation>&amp;Símbolo:</translation>
    </message>
    <message>
        <source>Optional: what happened and what to do</source>
        <translation>Opcional: qué pasó y qué hacer</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Mensaje:</translation>
    </message>
    <message>
        <source>&amp;Data (JSON):</source>
        <translation>&amp;Datos (JSON):</translation>
    </message>
    <message>
        <source>None checked: every enabled channel.</source>
        <translation>Ninguno marcado: todos los canales activos.</translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation>&amp;Canales:</translation>
    </message>
    <message>
        <source>Compose status</source>
        <translation>Estado de la redacción</translation>
    </message>
    <message>
        <source>Show in &amp;history</source>
        <translation>Ver en el &amp;historial</translation>
    </message>
    <message>
        <source>&amp;Send alert</source>
        <translation>E&amp;nviar alerta</translation>
    </message>
    <message>
        <source>Send the alert now (Ctrl+Return)</source>
        <translation>Enviar la alerta ahora (Ctrl+Intro)</translation>
    </message>
    <message>
        <source>%1 (disabled)</source>
        <translation>%1 (desactivado)</translation>
    </message>
    <message>
        <source>Data must be a JSON object, like {&quot;price&quot;: 70123.5}.</source>
        <translation>Los datos deben ser un objeto JSON, como {&quot;price&quot;: 70123.5}.</translation>
    </message>
    <message>
        <source>Enter a title.</source>
        <translation>Escriba un título.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Ready to send.</source>
        <translation>Listo para enviar.</translation>
    </message>
    <message>
        <source>The profile is not open: nothing can be sent.</source>
        <translation>El perfil no está abierto: no se puede enviar nada.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>No se envió: %1</translation>
    </message>
    <message>
        <source>Alert accepted and queued for delivery (id %1).</source>
        <translation>Alerta aceptada y en cola para su entrega (id %1).</translation>
    </message>
    <message>
        <source>Alert stored; the running AlertDesk (pid %1) delivers it (id %2).</source>
        <translation>Alerta guardada; el AlertDesk en ejecución (pid %1) la entrega (id %2).</translation>
    </message>
    <message>
        <source>Preview: what each channel receives</source>
        <translation>Vista previa: lo que recibe cada canal</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>The profile&apos;s message templates apply per channel kind and alert type.</source>
        <translation>Las plantillas de mensaje del perfil se aplican por tipo de canal y tipo de alerta.</translation>
    </message>
    <message>
        <source>T&amp;emplates…</source>
        <translation>P&amp;lantillas…</translation>
    </message>
    <message>
        <source>Edit the message templates, with a live preview</source>
        <translation>Editar las plantillas de mensaje, con vista previa en directo</translation>
    </message>
    <message>
        <source>The preview appears once the alert is valid: %1</source>
        <translation>La vista previa aparece en cuanto la alerta es válida: %1</translation>
    </message>
    <message>
        <source>No enabled channel: the alert would be stored, not delivered. Add a channel on the Channels page.</source>
        <translation>Ningún canal activo: la alerta se guardaría, pero no se entregaría. Añada un canal en la página Canales.</translation>
    </message>
    <message>
        <source> · with the profile&apos;s template</source>
        <translation> · con la plantilla del perfil</translation>
    </message>
    <message>
        <source>Template error, the default text goes out instead: %1</source>
        <translation>Error en la plantilla; en su lugar sale el texto por defecto: %1</translation>
    </message>
    <message>
        <source>&amp;Add a channel…</source>
        <translation>&amp;Añadir un canal…</translation>
    </message>
    <message>
        <source>Data is not valid JSON: %1.</source>
        <translation>Los datos no son JSON válido: %1.</translation>
    </message>
    <message>
        <source>No channel yet: the alert would be stored, not delivered.</source>
        <translation>Aún no hay ningún canal: la alerta se guardaría, pero no se entregaría.</translation>
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
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>Alerts raised, by priority</source>
        <translation>Alertas generadas, por prioridad</translation>
    </message>
    <message>
        <source>No alert in this range</source>
        <translation>Ninguna alerta en este periodo</translation>
    </message>
    <message>
        <source>Noisiest symbols</source>
        <translation>Símbolos con más alertas</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Noisiest rules</source>
        <translation>Reglas con más alertas</translation>
    </message>
    <message>
        <source>Delivery attempts per channel</source>
        <translation>Intentos de entrega por canal</translation>
    </message>
    <message>
        <source>No delivery in this range</source>
        <translation>Ninguna entrega en este periodo</translation>
    </message>
    <message>
        <source>Deliveries per channel</source>
        <translation>Entregas por canal</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Entregados</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallidos</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>Reintentados</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Éxito</translation>
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
        <translation>Intentos en el periodo; la tasa de éxito cuenta los intentos que terminaron una entrega. Latencia de los intentos entregados (con un margen de un 25 %).</translation>
    </message>
    <message numerus="yes">
        <source>%Ln alert(s) raised</source>
        <translation>
            <numerusform>%Ln alerta generada</numerusform>
            <numerusform>%Ln alertas generadas</numerusform>
        </translation>
    </message>
    <message>
        <source> · mean time to acknowledge %1 (%2 acknowledged)</source>
        <translation> · tiempo medio hasta el acuse de recibo %1 (%2 con acuse)</translation>
    </message>
    <message>
        <source> · nothing acknowledged in this range</source>
        <translation> · ningún acuse de recibo en este periodo</translation>
    </message>
    <message>
        <source>%1
%2 open · %3 raised</source>
        <translation>%1
%2 abiertas · %3 generadas</translation>
    </message>
    <message>
        <source>Show the open %1 alerts of this range</source>
        <translation>Mostrar las alertas %1 abiertas de este periodo</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Click to list these alerts</source>
        <translation>Haga clic para ver estas alertas</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>entregados</translation>
    </message>
    <message>
        <source>retried</source>
        <translation>reintentados</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallidos</translation>
    </message>
    <message>
        <source>%1
Delivered: %2
Retried: %3
Failed: %4
Click to list its alerts</source>
        <translation>%1
Entregados: %2
Reintentados: %3
Fallidos: %4
Haga clic para ver sus alertas</translation>
    </message>
    <message>
        <source>No alert with a symbol</source>
        <translation>Ninguna alerta con símbolo</translation>
    </message>
    <message>
        <source>No alert from a threshold rule</source>
        <translation>Ninguna alerta de una regla de umbral</translation>
    </message>
    <message>
        <source>Circuit open, deliveries paused: %1</source>
        <translation>Circuito abierto, entregas en pausa: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::EngineHost</name>
    <message>
        <source>There is no channel named %1.</source>
        <translation>No hay ningún canal llamado %1.</translation>
    </message>
    <message>
        <source>its %1 is missing from the keychain</source>
        <translation>falta su %1 en el llavero</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message>
        <source>ingest.port: port %1 on 127.0.0.1 is in use by another program (%2)</source>
        <translation>ingest.port: el puerto %1 de 127.0.0.1 lo usa otro programa (%2)</translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; regenerate the token there</source>
        <translation>otro AlertDesk gestiona este perfil; regenere el token allí</translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; change its policies there</source>
        <translation>otro AlertDesk gestiona este perfil; cambie sus políticas allí</translation>
    </message>
    <message>
        <source>another AlertDesk drives this profile; change its sources there</source>
        <translation>otro AlertDesk controla este perfil; cambie sus fuentes allí</translation>
    </message>
    <message>
        <source>cancelled before the keychain was opened; nothing was stored</source>
        <translation>cancelado antes de abrir el llavero; no se guardó nada</translation>
    </message>
</context>
<context>
    <name>alertdesk::EscalationEditor</name>
    <message>
        <source>Escalation policies</source>
        <translation>Políticas de escalado</translation>
    </message>
    <message>
        <source>e.g. risk-desk</source>
        <translation>p. ej. mesa-riesgo</translation>
    </message>
    <message>
        <source>Priorities:</source>
        <translation>Prioridades:</translation>
    </message>
    <message>
        <source>None ticked: every type, every priority. The first policy that fits an alert is its policy.</source>
        <translation>Ninguna marcada: todos los tipos, todas las prioridades. La primera política que encaja con una alerta es su política.</translation>
    </message>
    <message>
        <source>After (minutes)</source>
        <translation>Tras (minutos)</translation>
    </message>
    <message>
        <source>Channels (comma separated)</source>
        <translation>Canales (separados por comas)</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>Niveles</translation>
    </message>
    <message>
        <source>Add t&amp;ier</source>
        <translation>Añadir n&amp;ivel</translation>
    </message>
    <message>
        <source>Remove tie&amp;r</source>
        <translation>Quitar niv&amp;el</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>no reminders</source>
        <translation>sin recordatorios</translation>
    </message>
    <message>
        <source>&amp;up to</source>
        <translation>&amp;hasta</translation>
    </message>
    <message>
        <source>times</source>
        <translation>veces</translation>
    </message>
    <message>
        <source>Re&amp;peat every:</source>
        <translation>Repe&amp;tir cada:</translation>
    </message>
    <message>
        <source>escalation-%1</source>
        <translation>escalado-%1</translation>
    </message>
    <message>
        <source>No channel configured yet.</source>
        <translation>Aún no hay ningún canal configurado.</translation>
    </message>
    <message>
        <source>Channels: %1</source>
        <translation>Canales: %1</translation>
    </message>
    <message>
        <source>Note: there is no channel named %1; that tier would skip it.</source>
        <translation>Nota: no hay ningún canal llamado %1; ese nivel lo saltaría.</translation>
    </message>
    <message>
        <source>Ti&amp;ers:</source>
        <translation>Nive&amp;les:</translation>
    </message>
    <message>
        <source>Alert types:</source>
        <translation>Tipos de alerta:</translation>
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
            <numerusform>⚠ %n canal falla</numerusform>
            <numerusform>⚠ %n canales fallan</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to open the Channels page.</source>
        <translation>Haga clic para abrir la página Canales.</translation>
    </message>
    <message>
        <source>Channel %1 is down</source>
        <translation>El canal %1 ha caído</translation>
    </message>
    <message>
        <source>Channel %1 works again</source>
        <translation>El canal %1 vuelve a funcionar</translation>
    </message>
</context>
<context>
    <name>alertdesk::FreedesktopNotifier</name>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Confirmar</translation>
    </message>
    <message>
        <source>Snooze 1 h</source>
        <translation>Posponer 1 h</translation>
    </message>
</context>
<context>
    <name>alertdesk::KeychainNotice</name>
    <message>
        <source>AlertDesk keeps secrets (channel tokens, webhook addresses, the API token) in your system&apos;s keychain, never in a file.</source>
        <translation>AlertDesk guarda los secretos (tokens de canales, direcciones de webhooks, el token de la API) en el llavero del sistema, nunca en un archivo.</translation>
    </message>
    <message>
        <source>This computer has no keyring yet: your desktop will now ask you to choose a password for a new one. It protects the secrets kept there; with your login password it opens by itself when you log in.</source>
        <translation>Este equipo aún no tiene un llavero: el escritorio le pedirá ahora que elija una contraseña para uno nuevo. Protege los secretos que guarda; con su contraseña de inicio de sesión se abre solo al iniciar sesión.</translation>
    </message>
    <message>
        <source>The keyring “%1” is locked: your desktop will now ask for its password to unlock it.</source>
        <translation>El llavero «%1» está bloqueado: el escritorio le pedirá ahora su contraseña para desbloquearlo.</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Inicio de sesión</translation>
    </message>
    <message>
        <source>Your keychain will ask for a password</source>
        <translation>El llavero le pedirá una contraseña</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Continuar</translation>
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
        <translation>Páginas</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation>Redactar</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Perfil: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Add &amp;channel…</source>
        <translation>Añadir &amp;canal…</translation>
    </message>
    <message>
        <source>&amp;Compose alert</source>
        <translation>&amp;Redactar alerta</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About AlertDesk</source>
        <translation>A&amp;cerca de AlertDesk</translation>
    </message>
    <message>
        <source>About AlertDesk</source>
        <translation>Acerca de AlertDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AlertDesk %1&lt;/h3&gt;&lt;p&gt;Routes trading alerts to your channels, retries what fails and keeps every alert and delivery attempt.&lt;/p&gt;&lt;p&gt;Profile: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;AlertDesk %1&lt;/h3&gt;&lt;p&gt;Encamina las alertas de trading a sus canales, reintenta lo que falla y guarda cada alerta y cada intento de entrega.&lt;/p&gt;&lt;p&gt;Perfil: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>AlertDesk keeps running</source>
        <translation>AlertDesk sigue en marcha</translation>
    </message>
    <message>
        <source>Alerts are still delivered. Click the tray icon to open the window; Quit is in its menu.</source>
        <translation>Las alertas se siguen entregando. Haga clic en el icono de la bandeja para abrir la ventana; Salir está en su menú.</translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation>No se puede leer el historial: %1</translation>
    </message>
    <message>
        <source>AlertDesk — %1 (read-only)</source>
        <translation>AlertDesk — %1 (solo lectura)</translation>
    </message>
    <message>
        <source>Another AlertDesk (process %1) is delivering this profile&apos;s alerts, so this window is read-only: it shows the history live and hands alerts you compose to that instance, but channels and settings can only be changed there.</source>
        <translation>Otro AlertDesk (proceso %1) está entregando las alertas de este perfil, así que esta ventana es de solo lectura: muestra el historial en directo y pasa a esa instancia las alertas que redacte, pero los canales y los ajustes solo se pueden cambiar allí.</translation>
    </message>
    <message>
        <source>AlertDesk could not open the profile %1: %2</source>
        <translation>AlertDesk no pudo abrir el perfil %1: %2</translation>
    </message>
    <message>
        <source>Opening the profile…</source>
        <translation>Abriendo el perfil…</translation>
    </message>
    <message>
        <source>Profile not opened</source>
        <translation>Perfil no abierto</translation>
    </message>
    <message>
        <source>Read-only: process %1 delivers</source>
        <translation>Solo lectura: entrega el proceso %1</translation>
    </message>
    <message>
        <source>No channel configured</source>
        <translation>Ningún canal configurado</translation>
    </message>
    <message>
        <source>Every channel is disabled: alerts are stored, not delivered</source>
        <translation>Todos los canales están desactivados: las alertas se guardan, pero no se entregan</translation>
    </message>
    <message numerus="yes">
        <source>Delivering to %n enabled channel(s)</source>
        <translation>
            <numerusform>Entregando a %n canal activo</numerusform>
            <numerusform>Entregando a %n canales activos</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivering</source>
        <translation>Entregando</translation>
    </message>
    <message numerus="yes">
        <source> · %n channel(s) could not be loaded</source>
        <translation>
            <numerusform> · no se pudo cargar %n canal</numerusform>
            <numerusform> · no se pudieron cargar %n canales</numerusform>
        </translation>
    </message>
    <message>
        <source>Ingest API: %1:%2</source>
        <translation>API de ingesta: %1:%2</translation>
    </message>
    <message>
        <source>Ingest API off</source>
        <translation>API de ingesta desactivada</translation>
    </message>
    <message>
        <source>Scripts post alerts to http://%1:%2/v1/alerts</source>
        <translation>Los scripts publican alertas en http://%1:%2/v1/alerts</translation>
    </message>
    <message>
        <source>The ingest API is off: port %1 on 127.0.0.1 is in use by another program, so scripts cannot post alerts to this window. Alerts are still delivered. Choose another port in Settings › Ingest API.</source>
        <translation>La API de ingesta está desactivada: el puerto %1 de 127.0.0.1 lo usa otro programa, así que los scripts no pueden publicar alertas en esta ventana. Las alertas se siguen entregando. Elija otro puerto en Ajustes › API de ingesta.</translation>
    </message>
    <message>
        <source>The ingest API is off: %1</source>
        <translation>La API de ingesta está desactivada: %1</translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation>Umbrales</translation>
    </message>
    <message>
        <source>Message &amp;templates…</source>
        <translation>&amp;Plantillas de mensaje…</translation>
    </message>
    <message>
        <source>Price feed: off</source>
        <translation>Fuente de precios: desactivada</translation>
    </message>
    <message>
        <source>Price rules fire on samples from scripts only. Turn the exchange feed on with alertdesk-cli settings set feed.enabled true, then restart AlertDesk.</source>
        <translation>Las reglas de precio solo se disparan con muestras de scripts. Active la fuente del exchange con alertdesk-cli settings set feed.enabled true y reinicie AlertDesk.</translation>
    </message>
    <message>
        <source>The price feed cannot start: %1</source>
        <translation>La fuente de precios no puede arrancar: %1</translation>
    </message>
    <message>
        <source>Price feed: idle</source>
        <translation>Fuente de precios: inactiva</translation>
    </message>
    <message>
        <source>No enabled rule watches a price (SYMBOL.price or SYMBOL.change_24h_pct), so nothing is streamed.</source>
        <translation>Ninguna regla activa vigila un precio (SÍMBOLO.price o SÍMBOLO.change_24h_pct), así que no se recibe nada.</translation>
    </message>
    <message>
        <source>Price feed: connecting…</source>
        <translation>Fuente de precios: conectando…</translation>
    </message>
    <message numerus="yes">
        <source>Connecting to %1 for %n symbol(s).</source>
        <translation>
            <numerusform>Conectando con %1 para %n símbolo.</numerusform>
            <numerusform>Conectando con %1 para %n símbolos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Price feed: connected</source>
        <translation>Fuente de precios: conectada</translation>
    </message>
    <message numerus="yes">
        <source>Streaming %n symbol(s) from %1.</source>
        <translation>
            <numerusform>Recibiendo %n símbolo de %1.</numerusform>
            <numerusform>Recibiendo %n símbolos de %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Price feed: reconnecting</source>
        <translation>Fuente de precios: reconectando</translation>
    </message>
    <message>
        <source>The connection to %1 failed; AlertDesk tries again, waiting longer after each failure.</source>
        <translation>La conexión con %1 falló; AlertDesk lo vuelve a intentar, esperando más tras cada fallo.</translation>
    </message>
    <message>
        <source>Price feed: stale</source>
        <translation>Fuente de precios: sin datos recientes</translation>
    </message>
    <message>
        <source>Connected to %1, but no ticker has arrived for a while: prices may be old. A HEALTH alert tells when the feed goes silent and when it is back.</source>
        <translation>Conectado a %1, pero hace un rato que no llega ningún ticker: los precios pueden estar desfasados. Una alerta HEALTH avisa cuando la fuente se queda en silencio y cuando vuelve.</translation>
    </message>
    <message>
        <source>Updating the history for this version of AlertDesk (once; a long history takes a minute)…</source>
        <translation>Actualizando el historial para esta versión de AlertDesk (una sola vez; un historial largo tarda un minuto)…</translation>
    </message>
    <message>
        <source>This profile cannot be written (%1), so this window is read-only: it shows the history, but no alert can be stored and channels and settings cannot be changed.</source>
        <translation>No se puede escribir en este perfil (%1), así que esta ventana es de solo lectura: muestra el historial, pero no se puede guardar ninguna alerta ni cambiar canales o ajustes.</translation>
    </message>
    <message>
        <source>Read-only: the profile cannot be written</source>
        <translation>Solo lectura: no se puede escribir en el perfil</translation>
    </message>
    <message>
        <source>&amp;Export alerts…</source>
        <translation>&amp;Exportar alertas…</translation>
    </message>
    <message>
        <source>Write the alerts the Alerts page&apos;s filter shows to a CSV or JSON file</source>
        <translation>Escribir en un archivo CSV o JSON las alertas que muestra el filtro de la página Alertas</translation>
    </message>
    <message>
        <source>This profile has no alert %1 (the link may come from another profile)</source>
        <translation>Este perfil no tiene la alerta %1 (el enlace puede venir de otro perfil)</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>desactivada</translation>
    </message>
    <message>
        <source>off</source>
        <translation>apagada</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>conectando…</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectada</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>reconectando</translation>
    </message>
    <message>
        <source>%1 (ntfy topic %2 on %3): %4</source>
        <translation>%1 (tema de ntfy %2 en %3): %4</translation>
    </message>
    <message>
        <source>ntfy %1: %2</source>
        <translation>ntfy %1: %2</translation>
    </message>
    <message>
        <source>Sources: %1 of %2 connected</source>
        <translation>Fuentes: %1 de %2 conectadas</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>Channels  ⚠ %1</source>
        <translation>Canales  ⚠ %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln alert(s) · %1 open</source>
        <translation>
            <numerusform>%Ln alerta · abiertas: %1</numerusform>
            <numerusform>%Ln alertas · abiertas: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The pause could not be stored: %1</source>
        <translation>No se pudo guardar la pausa: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::PauseControls</name>
    <message>
        <source>&amp;Pause notifications</source>
        <translation>&amp;Pausar notificaciones</translation>
    </message>
    <message>
        <source>&amp;Mute sounds</source>
        <translation>&amp;Silenciar sonidos</translation>
    </message>
    <message>
        <source>For &amp;15 minutes</source>
        <translation>Durante &amp;15 minutos</translation>
    </message>
    <message>
        <source>For &amp;1 hour</source>
        <translation>Durante &amp;1 hora</translation>
    </message>
    <message>
        <source>For &amp;4 hours</source>
        <translation>Durante &amp;4 horas</translation>
    </message>
    <message>
        <source>Until &amp;tomorrow %1</source>
        <translation>Hasta &amp;mañana a las %1</translation>
    </message>
    <message>
        <source>&amp;Resume notifications</source>
        <translation>&amp;Reanudar notificaciones</translation>
    </message>
    <message>
        <source>&amp;Unmute sounds</source>
        <translation>&amp;Activar sonidos</translation>
    </message>
    <message>
        <source>Notifications paused · %1</source>
        <translation>Notificaciones en pausa · %1</translation>
    </message>
    <message>
        <source>Desktop notifications and sounds are paused until %1. Alerts are still recorded, shown here and delivered to your other channels.</source>
        <translation>Las notificaciones de escritorio y los sonidos están en pausa hasta %1. Las alertas se siguen registrando, mostrando aquí y entregando a sus otros canales.</translation>
    </message>
    <message>
        <source>Notifications &amp;paused · %1 left</source>
        <translation>Notificaciones en &amp;pausa · quedan %1</translation>
    </message>
    <message>
        <source>&amp;Resume notifications now</source>
        <translation>&amp;Reanudar notificaciones ahora</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Pause desktop notifications and sounds for a while; alerts are still recorded, shown here and delivered to your other channels</source>
        <translation>Pausar las notificaciones de escritorio y los sonidos durante un tiempo; las alertas se siguen registrando, mostrando aquí y entregando a sus otros canales</translation>
    </message>
    <message>
        <source>Sounds muted · %1</source>
        <translation>Sonidos silenciados · %1</translation>
    </message>
    <message>
        <source>Alarm sounds are muted until %1.</source>
        <translation>Los sonidos de alarma están silenciados hasta %1.</translation>
    </message>
    <message>
        <source>Sounds &amp;muted · %1 left</source>
        <translation>Sonidos &amp;silenciados · quedan %1</translation>
    </message>
    <message>
        <source>&amp;Unmute sounds now</source>
        <translation>&amp;Activar sonidos ahora</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Silenciar</translation>
    </message>
    <message>
        <source>Mute the alarm sounds for a while</source>
        <translation>Silenciar los sonidos de alarma durante un tiempo</translation>
    </message>
    <message>
        <source>Notifications paused until %1</source>
        <translation>Notificaciones en pausa hasta las %1</translation>
    </message>
    <message>
        <source>Sounds muted until %1</source>
        <translation>Sonidos silenciados hasta las %1</translation>
    </message>
    <message>
        <source>&amp;Hold other channels too</source>
        <translation>&amp;Retener también los demás canales</translation>
    </message>
    <message>
        <source>While paused, every channel keeps its notifications; they go out when the pause ends, one summary per channel</source>
        <translation>Durante la pausa cada canal retiene sus notificaciones; salen cuando termina la pausa, un resumen por canal</translation>
    </message>
    <message>
        <source>Notifications to every channel and sounds are paused until %1. Alerts are still recorded and shown here; what is held goes out when the pause ends.</source>
        <translation>Las notificaciones a todos los canales y los sonidos están en pausa hasta %1. Las alertas se siguen registrando y mostrando aquí; lo retenido sale cuando termina la pausa.</translation>
    </message>
    <message>
        <source>Pause notifications to every channel and sounds for a while; alerts are still recorded and shown here, and what is held goes out when the pause ends</source>
        <translation>Pausar un rato las notificaciones a todos los canales y los sonidos; las alertas se siguen registrando y mostrando aquí, y lo retenido sale cuando termina la pausa</translation>
    </message>
</context>
<context>
    <name>alertdesk::PolicyListEditor</name>
    <message>
        <source>A&amp;dd</source>
        <translation>Aña&amp;dir</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
</context>
<context>
    <name>alertdesk::QuietHoursEditor</name>
    <message>
        <source>Quiet hours</source>
        <translation>Horas de silencio</translation>
    </message>
    <message>
        <source>e.g. nights</source>
        <translation>p. ej. noches</translation>
    </message>
    <message>
        <source>e.g. 22:00-07:00, 12:00-13:00 (empty: the whole day)</source>
        <translation>p. ej. 22:00-07:00, 12:00-13:00 (vacío: todo el día)</translation>
    </message>
    <message>
        <source>&amp;Times:</source>
        <translation>&amp;Horas:</translation>
    </message>
    <message>
        <source>Weekdays:</source>
        <translation>Días de la semana:</translation>
    </message>
    <message>
        <source>None ticked: every day of the week.</source>
        <translation>Ninguno marcado: todos los días de la semana.</translation>
    </message>
    <message>
        <source>e.g. 1:7, -1 (the last day); empty: every day</source>
        <translation>p. ej. 1:7, -1 (el último día); vacío: todos los días</translation>
    </message>
    <message>
        <source>e.g. december, january:march; empty: every month</source>
        <translation>p. ej. december, january:march; vacío: todos los meses</translation>
    </message>
    <message>
        <source>M&amp;onths:</source>
        <translation>Mes&amp;es:</translation>
    </message>
    <message>
        <source>This computer&apos;s time zone</source>
        <translation>La zona horaria de este equipo</translation>
    </message>
    <message>
        <source>Type part of a name to search, e.g. Berlin or New_York.</source>
        <translation>Escriba parte de un nombre para buscar, p. ej. Madrid o New_York.</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>&amp;Zona horaria:</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation>&amp;Canales:</translation>
    </message>
    <message>
        <source>None ticked: every channel.</source>
        <translation>Ninguno marcado: todos los canales.</translation>
    </message>
    <message>
        <source>CRITICAL alerts break through</source>
        <translation>Las alertas CRITICAL pasan igualmente</translation>
    </message>
    <message>
        <source>Sent as one digest when the quiet hours end</source>
        <translation>Se envían en un solo resumen cuando terminan las horas de silencio</translation>
    </message>
    <message>
        <source>Kept in the history only</source>
        <translation>Solo se guardan en el historial</translation>
    </message>
    <message>
        <source>&amp;Held alerts:</source>
        <translation>Alertas re&amp;tenidas:</translation>
    </message>
    <message>
        <source>quiet-%1</source>
        <translation>silencio-%1</translation>
    </message>
    <message>
        <source>Da&amp;ys of the month:</source>
        <translation>Días del &amp;mes:</translation>
    </message>
</context>
<context>
    <name>alertdesk::RuleDialog</name>
    <message>
        <source>Edit rule %1</source>
        <translation>Editar la regla %1</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>Añadir regla</translation>
    </message>
    <message>
        <source>e.g. btc-100k</source>
        <translation>p. ej. btc-100k</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>e.g. BTCUSDT.price, pnl.daily, risk.BTCUSDT</source>
        <translation>p. ej. BTCUSDT.price, pnl.daily, risk.BTCUSDT</translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation>&amp;Métrica:</translation>
    </message>
    <message>
        <source>&amp;Condition:</source>
        <translation>C&amp;ondición:</translation>
    </message>
    <message>
        <source>&amp;Threshold:</source>
        <translation>&amp;Umbral:</translation>
    </message>
    <message>
        <source>&amp;Upper bound:</source>
        <translation>Límite &amp;superior:</translation>
    </message>
    <message>
        <source>e.g. 15m, 1h, 1d</source>
        <translation>p. ej. 15m, 1h, 1d</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>&amp;Ventana:</translation>
    </message>
    <message>
        <source>Once, then the rule is spent</source>
        <translation>Una vez; después la regla queda agotada</translation>
    </message>
    <message>
        <source>Every time</source>
        <translation>Cada vez</translation>
    </message>
    <message>
        <source>At most once per…</source>
        <translation>Como máximo una vez cada…</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Intervalo</translation>
    </message>
    <message>
        <source>e.g. 1h</source>
        <translation>p. ej. 1h</translation>
    </message>
    <message>
        <source>&amp;Frequency:</source>
        <translation>&amp;Frecuencia:</translation>
    </message>
    <message>
        <source>Optional, e.g. 5m: the least time between two alerts</source>
        <translation>Opcional, p. ej. 5m: el tiempo mínimo entre dos alertas</translation>
    </message>
    <message>
        <source>C&amp;ooldown:</source>
        <translation>&amp;Enfriamiento:</translation>
    </message>
    <message>
        <source>E&amp;xpires at</source>
        <translation>Ca&amp;duca el</translation>
    </message>
    <message>
        <source>Expiry time</source>
        <translation>Fecha de caducidad</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Caducidad:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Prioridad:</translation>
    </message>
    <message>
        <source>Alert t&amp;ype:</source>
        <translation>&amp;Tipo de alerta:</translation>
    </message>
    <message>
        <source>T&amp;itle:</source>
        <translation>Títu&amp;lo:</translation>
    </message>
    <message>
        <source>M&amp;essage:</source>
        <translation>Mensa&amp;je:</translation>
    </message>
    <message>
        <source>Placeholders: %1</source>
        <translation>Marcadores: %1</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>No channel configured yet: the alert goes to every enabled channel.</source>
        <translation>Aún no hay ningún canal configurado: la alerta va a todos los canales activos.</translation>
    </message>
    <message>
        <source>None checked: every enabled channel.</source>
        <translation>Ninguno marcado: todos los canales activos.</translation>
    </message>
    <message>
        <source>C&amp;hannels:</source>
        <translation>&amp;Canales:</translation>
    </message>
    <message>
        <source>Rule status</source>
        <translation>Estado de la regla</translation>
    </message>
    <message>
        <source>&amp;Lower bound:</source>
        <translation>Límite &amp;inferior:</translation>
    </message>
    <message>
        <source>Si&amp;ze of the move (%):</source>
        <translation>Ma&amp;gnitud del movimiento (%):</translation>
    </message>
    <message>
        <source>e.g. 5 for a 5% move</source>
        <translation>p. ej. 5 para un movimiento del 5 %</translation>
    </message>
    <message>
        <source>e.g. 100000</source>
        <translation>p. ej. 100000</translation>
    </message>
    <message>
        <source>The rule is valid.</source>
        <translation>La regla es válida.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>No se guardó: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::SavedFilters</name>
    <message>
        <source>Saved &amp;filters</source>
        <translation>&amp;Filtros guardados</translation>
    </message>
    <message>
        <source>Save the filters and the search under a name, pick a saved one, delete one</source>
        <translation>Guardar los filtros y la búsqueda con un nombre, elegir uno guardado, borrar uno</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>Filtros guardados</translation>
    </message>
    <message>
        <source>Save the filter</source>
        <translation>Guardar el filtro</translation>
    </message>
    <message>
        <source>e.g. Open liquidations</source>
        <translation>p. ej. Liquidaciones abiertas</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>&amp;Save the current filter…</source>
        <translation>&amp;Guardar el filtro actual…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Borrar</translation>
    </message>
</context>
<context>
    <name>alertdesk::SecretReveal</name>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Hide what you typed (Ctrl+H)</source>
        <translation>Ocultar lo escrito (Ctrl+H)</translation>
    </message>
    <message>
        <source>Show what you typed (Ctrl+H)</source>
        <translation>Mostrar lo escrito (Ctrl+H)</translation>
    </message>
</context>
<context>
    <name>alertdesk::SettingsPage</name>
    <message>
        <source>Retries</source>
        <translation>Reintentos</translation>
    </message>
    <message>
        <source>Attempts after the first one before a delivery fails.</source>
        <translation>Intentos tras el primero antes de que una entrega falle.</translation>
    </message>
    <message>
        <source>First retry after</source>
        <translation>Primer reintento tras</translation>
    </message>
    <message>
        <source>Base delay; each further retry waits twice as long.</source>
        <translation>Espera base; cada reintento siguiente espera el doble.</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Espera máxima</translation>
    </message>
    <message>
        <source>No single retry waits longer than this.</source>
        <translation>Ningún reintento espera más que esto.</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>Fluctuación</translation>
    </message>
    <message>
        <source>Random ± fraction of each wait, so retries do not arrive in step.</source>
        <translation>Fracción aleatoria ± de cada espera, para que los reintentos no lleguen a la vez.</translation>
    </message>
    <message>
        <source>Parallel delivery</source>
        <translation>Entrega en paralelo</translation>
    </message>
    <message>
        <source>Send to all of an alert&apos;s channels at once; off: one after another.</source>
        <translation>Enviar a todos los canales de una alerta a la vez; desactivado: uno tras otro.</translation>
    </message>
    <message>
        <source>Fail fast</source>
        <translation>Parar al primer fallo</translation>
    </message>
    <message>
        <source>Stop an alert&apos;s other deliveries at its first failure.</source>
        <translation>Detener las demás entregas de una alerta en cuanto una falla.</translation>
    </message>
    <message>
        <source>Request timeout</source>
        <translation>Tiempo límite de petición</translation>
    </message>
    <message>
        <source>Time limit of one HTTP attempt.</source>
        <translation>Tiempo máximo de un intento HTTP.</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>Concurrencia</translation>
    </message>
    <message>
        <source>Deliveries in flight per channel.</source>
        <translation>Entregas en curso por canal.</translation>
    </message>
    <message>
        <source>Circuit breaker</source>
        <translation>Disyuntor</translation>
    </message>
    <message>
        <source>Consecutive failures that pause a channel.</source>
        <translation>Fallos seguidos que ponen en pausa un canal.</translation>
    </message>
    <message>
        <source>Pause before a probe</source>
        <translation>Pausa antes de un sondeo</translation>
    </message>
    <message>
        <source>How long a paused channel waits before AlertDesk tries it again.</source>
        <translation>Cuánto espera un canal en pausa antes de que AlertDesk lo vuelva a intentar.</translation>
    </message>
    <message>
        <source>Notify me of</source>
        <translation>Avisarme de</translation>
    </message>
    <message>
        <source>New alerts of this priority or more urgent pop up from the tray.</source>
        <translation>Las alertas nuevas de esta prioridad o más urgentes aparecen desde la bandeja.</translation>
    </message>
    <message>
        <source>Close to tray</source>
        <translation>Cerrar a la bandeja</translation>
    </message>
    <message>
        <source>Closing the window keeps AlertDesk delivering from the system tray.</source>
        <translation>Al cerrar la ventana, AlertDesk sigue entregando desde la bandeja del sistema.</translation>
    </message>
    <message>
        <source>Start minimized</source>
        <translation>Iniciar minimizado</translation>
    </message>
    <message>
        <source>Start with the window hidden in the tray.</source>
        <translation>Iniciar con la ventana oculta en la bandeja.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Takes effect the next time AlertDesk starts.</source>
        <translation>Se aplica la próxima vez que se inicie AlertDesk.</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>TCP port on 127.0.0.1; Apply moves the API there at once.</source>
        <translation>Puerto TCP en 127.0.0.1; Aplicar traslada la API allí al instante.</translation>
    </message>
    <message>
        <source>Body limit</source>
        <translation>Límite del cuerpo</translation>
    </message>
    <message>
        <source>Largest request body accepted; a larger one gets 413.</source>
        <translation>Cuerpo de petición más grande que se acepta; uno mayor recibe un 413.</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Entrega</translation>
    </message>
    <message>
        <source>Window and notifications</source>
        <translation>Ventana y notificaciones</translation>
    </message>
    <message>
        <source>Ingest API</source>
        <translation>API de ingesta</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Idioma del sistema (%1)</translation>
    </message>
    <message>
        <source>No notifications</source>
        <translation>Sin notificaciones</translation>
    </message>
    <message>
        <source>Every alert (%1 and more urgent)</source>
        <translation>Todas las alertas (%1 y más urgentes)</translation>
    </message>
    <message>
        <source>%1 alerts only</source>
        <translation>Solo alertas %1</translation>
    </message>
    <message>
        <source>%1 and more urgent</source>
        <translation>%1 y más urgentes</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Secciones de los ajustes</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> bytes</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>cualquier puerto libre</translation>
    </message>
    <message>
        <source>This desktop has no system tray: closing the window quits AlertDesk, and “Start minimized” starts it minimized instead of hidden.</source>
        <translation>Este escritorio no tiene bandeja del sistema: al cerrar la ventana, AlertDesk se cierra, e «Iniciar minimizado» lo inicia minimizado en lugar de oculto.</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>&amp;Copy token</source>
        <translation>&amp;Copiar token</translation>
    </message>
    <message>
        <source>Re&amp;generate…</source>
        <translation>Re&amp;generar…</translation>
    </message>
    <message>
        <source>Scripts send it as “Authorization: Bearer TOKEN”; alertdesk-cli on this computer finds the API and its token by itself.</source>
        <translation>Los scripts lo envían como «Authorization: Bearer TOKEN»; alertdesk-cli en este equipo encuentra la API y su token por sí solo.</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Dirección:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>Horas de silencio</translation>
    </message>
    <message>
        <source>While quiet hours hold, notifications wait and go out when they end (as one digest), or are only kept in the history. Times are in the time zone chosen.</source>
        <translation>Durante las horas de silencio, las notificaciones esperan y salen cuando terminan (en un solo resumen), o solo se guardan en el historial. Las horas se expresan en la zona horaria elegida.</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Escalado</translation>
    </message>
    <message>
        <source>While nobody acknowledges, snoozes or resolves an alert, its policy notifies each tier&apos;s channels when the tier&apos;s time has come, then repeats reminders.</source>
        <translation>Mientras nadie confirme, posponga ni resuelva una alerta, su política avisa a los canales de cada nivel cuando llega el momento de ese nivel y luego repite recordatorios.</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Revertir</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>A&amp;plicar</translation>
    </message>
    <message>
        <source>%1 (not served)</source>
        <translation>%1 (sin servir)</translation>
    </message>
    <message>
        <source>Opening the profile…</source>
        <translation>Abriendo el perfil…</translation>
    </message>
    <message>
        <source>Served by the AlertDesk that drives this profile (process %1).</source>
        <translation>Servida por el AlertDesk que gestiona este perfil (proceso %1).</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>✔ Serving on port %1 of this computer only.</source>
        <translation>✔ Sirviendo en el puerto %1, solo para este equipo.</translation>
    </message>
    <message>
        <source>✘ Not serving: port %1 on 127.0.0.1 is in use by another program. Choose another port and Apply.</source>
        <translation>✘ Sin servir: el puerto %1 de 127.0.0.1 lo usa otro programa. Elija otro puerto y pulse Aplicar.</translation>
    </message>
    <message>
        <source>✘ Not serving: %1</source>
        <translation>✘ Sin servir: %1</translation>
    </message>
    <message>
        <source>The token cannot be read: %1</source>
        <translation>No se puede leer el token: %1</translation>
    </message>
    <message>
        <source>Token copied to the clipboard.</source>
        <translation>Token copiado al portapapeles.</translation>
    </message>
    <message>
        <source>Regenerate the token?</source>
        <translation>¿Regenerar el token?</translation>
    </message>
    <message>
        <source>A new token replaces the current one at once: scripts that use the current token are refused until they get the new one.</source>
        <translation>Un token nuevo sustituye al actual al instante: los scripts que usen el token actual serán rechazados hasta que reciban el nuevo.</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>&amp;Regenerar</translation>
    </message>
    <message>
        <source>New token in use: the old one is refused from now on. Copy it to your scripts.</source>
        <translation>Token nuevo en uso: a partir de ahora, el antiguo se rechaza. Cópielo en sus scripts.</translation>
    </message>
    <message>
        <source>The token was not changed: %1</source>
        <translation>El token no se cambió: %1</translation>
    </message>
    <message>
        <source>Read-only: the AlertDesk that drives this profile owns its settings.</source>
        <translation>Solo lectura: los ajustes pertenecen al AlertDesk que gestiona este perfil.</translation>
    </message>
    <message>
        <source>Changed: Apply stores the settings; new deliveries use them at once.</source>
        <translation>Modificado: Aplicar guarda los ajustes; las entregas nuevas los usan al instante.</translation>
    </message>
    <message>
        <source>Fix this before applying:</source>
        <translation>Corrija esto antes de aplicar:</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>No se aplicó: %1</translation>
    </message>
    <message>
        <source>Applied.</source>
        <translation>Aplicado.</translation>
    </message>
    <message>
        <source>Quiet hours and escalation not applied: %1</source>
        <translation>Horas de silencio y escalado no aplicados: %1</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>system, none or http://user@host:port</source>
        <translation>system, none o http://usuario@host:puerto</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Contraseña del proxy</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Sin cambios</translation>
    </message>
    <message>
        <source>“system” follows the desktop&apos;s proxy settings (http_proxy, https_proxy, no_proxy); “none” always connects directly. A proxy&apos;s password is kept in the keychain.</source>
        <translation>«system» sigue la configuración de proxy del escritorio (http_proxy, https_proxy, no_proxy); «none» se conecta siempre directamente. La contraseña de un proxy se guarda en el llavero.</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>Proxy password:</source>
        <translation>Contraseña del proxy:</translation>
    </message>
    <message>
        <source>Proxy password not stored: %1</source>
        <translation>Contraseña del proxy no guardada: %1</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Iniciar al iniciar sesión</translation>
    </message>
    <message>
        <source>Opens AlertDesk on this profile when you log in.</source>
        <translation>Abre AlertDesk con este perfil al iniciar sesión.</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Fuentes</translation>
    </message>
    <message>
        <source>Alert sources (ntfy topics)</source>
        <translation>Fuentes de alertas (temas de ntfy)</translation>
    </message>
    <message>
        <source>Buttons on notifications</source>
        <translation>Botones en las notificaciones</translation>
    </message>
    <message>
        <source>Acknowledge and Snooze 1 h on notifications this urgent or more.</source>
        <translation>Confirmar y Posponer 1 h en las notificaciones de esta urgencia o más.</translation>
    </message>
    <message>
        <source>No buttons</source>
        <translation>Sin botones</translation>
    </message>
    <message>
        <source>CRITICAL</source>
        <translation>CRITICAL</translation>
    </message>
    <message>
        <source>Plays again until the alert is acknowledged, snoozed or resolved.</source>
        <translation>Vuelve a sonar hasta que la alerta se confirme, se posponga o se resuelva.</translation>
    </message>
    <message>
        <source>HIGH</source>
        <translation>HIGH</translation>
    </message>
    <message>
        <source>Plays once when the alert arrives.</source>
        <translation>Suena una vez cuando llega la alerta.</translation>
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
        <translation>Volumen</translation>
    </message>
    <message>
        <source>Of the alarm sounds, within the desktop&apos;s own volume.</source>
        <translation>De los sonidos de alarma, dentro del volumen del escritorio.</translation>
    </message>
    <message>
        <source>CRITICAL repeats</source>
        <translation>Repeticiones CRITICAL</translation>
    </message>
    <message>
        <source>How often a CRITICAL alert&apos;s sound plays again while it is open.</source>
        <translation>Cuántas veces vuelve a sonar una alerta CRITICAL mientras está abierta.</translation>
    </message>
    <message>
        <source>Repeat every</source>
        <translation>Repetir cada</translation>
    </message>
    <message>
        <source>Time between two repeats of a CRITICAL alert&apos;s sound.</source>
        <translation>Tiempo entre dos repeticiones del sonido de una alerta CRITICAL.</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>Sonidos</translation>
    </message>
    <message>
        <source>Alarm (siren)</source>
        <translation>Alarma (sirena)</translation>
    </message>
    <message>
        <source>Alert (three rising beeps)</source>
        <translation>Aviso (tres pitidos ascendentes)</translation>
    </message>
    <message>
        <source>Chime (two notes)</source>
        <translation>Campanilla (dos notas)</translation>
    </message>
    <message>
        <source>Ping (one soft note)</source>
        <translation>Ping (una nota suave)</translation>
    </message>
    <message>
        <source>Tick (a short blip)</source>
        <translation>Tic (un pitido corto)</translation>
    </message>
    <message>
        <source>Silent</source>
        <translation>Silencio</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>until acknowledged</source>
        <translation>hasta confirmar</translation>
    </message>
    <message>
        <source> times</source>
        <translation> veces</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Probar</translation>
    </message>
    <message>
        <source>Test the %1 sound</source>
        <translation>Probar el sonido de %1</translation>
    </message>
    <message>
        <source>New alerts play a sound on this computer. Mute the sounds for a while, or pause every desktop notification, from the tray menu or the status bar. Quiet hours for every channel or for a desktop channel hold the sounds too.</source>
        <translation>Las alertas nuevas suenan en este ordenador. Silencie los sonidos durante un tiempo, o pause todas las notificaciones de escritorio, desde el menú de la bandeja o la barra de estado. Las horas de silencio de todos los canales o de un canal de escritorio también retienen los sonidos.</translation>
    </message>
    <message>
        <source>Silent: this priority plays no sound.</source>
        <translation>Silencio: esta prioridad no reproduce ningún sonido.</translation>
    </message>
    <message>
        <source>Playing “%1” at %2 %.</source>
        <translation>Reproduciendo «%1» al %2 %.</translation>
    </message>
    <message>
        <source>No sound: %1</source>
        <translation>Sin sonido: %1</translation>
    </message>
    <message>
        <source>None yet: every request is refused. Copy token makes one.</source>
        <translation>Aún ninguno: se rechaza toda petición. «Copiar token» crea uno.</translation>
    </message>
    <message>
        <source>Pause holds every channel</source>
        <translation>La pausa retiene todos los canales</translation>
    </message>
    <message>
        <source>A pause keeps every channel&apos;s notifications; they go out when it ends, one summary per channel.</source>
        <translation>Una pausa retiene las notificaciones de todos los canales; salen cuando termina, un resumen por canal.</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>Colores</translation>
    </message>
    <message>
        <source>As the desktop</source>
        <translation>Como el escritorio</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
</context>
<context>
    <name>alertdesk::SoundPlayer</name>
    <message>
        <source>This computer has no sound output (no audio device or sound server), so AlertDesk cannot play alarm sounds here. Notifications and every channel work as before.</source>
        <translation>Este ordenador no tiene salida de sonido (ningún dispositivo de audio ni servidor de sonido), así que AlertDesk no puede reproducir sonidos de alarma aquí. Las notificaciones y todos los canales funcionan como antes.</translation>
    </message>
    <message>
        <source>there is no sound named %1</source>
        <translation>no hay ningún sonido llamado %1</translation>
    </message>
    <message>
        <source>the sound %1 cannot be played</source>
        <translation>el sonido %1 no se puede reproducir</translation>
    </message>
</context>
<context>
    <name>alertdesk::SourceDialog</name>
    <message>
        <source>Edit source %1</source>
        <translation>Editar la fuente %1</translation>
    </message>
    <message>
        <source>Add an ntfy source</source>
        <translation>Añadir una fuente ntfy</translation>
    </message>
    <message>
        <source>AlertDesk subscribes to an ntfy topic and makes an alert of every message published to it: point TradingView&apos;s webhook (or a bot) at the topic&apos;s address. A message in the ingest API&apos;s JSON form is taken as it is; plain text becomes the title (its first line) and the message.</source>
        <translation>AlertDesk se suscribe a un tema de ntfy y crea una alerta con cada mensaje publicado en él: dirija el webhook de TradingView (o un bot) a la dirección del tema. Un mensaje en el formato JSON de la API de ingesta se toma tal cual; el texto plano se convierte en el título (su primera línea) y el mensaje.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>The ntfy server: the public one, or your own.</source>
        <translation>El servidor ntfy: el público o el suyo propio.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Servidor:</translation>
    </message>
    <message>
        <source>a long, hard-to-guess name</source>
        <translation>un nombre largo y difícil de adivinar</translation>
    </message>
    <message>
        <source>Anyone who knows a public topic&apos;s name can read and publish to it: choose one nobody can guess, or protect it with a token.</source>
        <translation>Quien conozca el nombre de un tema público puede leerlo y publicar en él: elija uno que nadie pueda adivinar o protéjalo con un token.</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>&amp;Tema:</translation>
    </message>
    <message>
        <source>Remove the stored token</source>
        <translation>Quitar el token guardado</translation>
    </message>
    <message>
        <source>set (kept unless you type a new one)</source>
        <translation>guardado (se conserva salvo que escriba uno nuevo)</translation>
    </message>
    <message>
        <source>none (a public topic); tk_… for a protected one</source>
        <translation>ninguno (un tema público); tk_… para uno protegido</translation>
    </message>
    <message>
        <source>Access t&amp;oken:</source>
        <translation>T&amp;oken de acceso:</translation>
    </message>
    <message>
        <source>Custom, unless the message says</source>
        <translation>Personalizado, salvo que el mensaje diga otro</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;ipo:</translation>
    </message>
    <message>
        <source>ntfy&apos;s priority, else Medium</source>
        <translation>La prioridad de ntfy; si no, Media</translation>
    </message>
    <message>
        <source>A message&apos;s own ntfy priority (5 max … 1 min) wins over this default.</source>
        <translation>La prioridad ntfy propia de un mensaje (5 máx … 1 mín) prevalece sobre este valor predeterminado.</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Prioridad:</translation>
    </message>
    <message>
        <source>every enabled channel (or routing); e.g. desk, phone</source>
        <translation>todos los canales activos (o el enrutamiento); p. ej. desk, phone</translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation>&amp;Canales:</translation>
    </message>
    <message>
        <source>Subscribed</source>
        <translation>Suscrita</translation>
    </message>
    <message>
        <source>The source is valid.</source>
        <translation>La fuente es válida.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>No guardada: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::SourcesEditor</name>
    <message>
        <source>Alerts from outside this computer without opening a port: TradingView (or a bot) posts to an ntfy topic and AlertDesk subscribes to it. Set the alert&apos;s webhook URL in TradingView to https://ntfy.sh/YOUR-TOPIC (or your own ntfy server). Messages published while AlertDesk is closed are picked up when it starts again (ntfy keeps them 12 hours by default).</source>
        <translation>Alertas desde fuera de este ordenador sin abrir un puerto: TradingView (o un bot) publica en un tema de ntfy y AlertDesk se suscribe a él. Ponga como URL del webhook de la alerta en TradingView https://ntfy.sh/SU-TEMA (o su propio servidor ntfy). Los mensajes publicados mientras AlertDesk está cerrado se recogen cuando vuelve a arrancar (ntfy los guarda 12 horas por defecto).</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Fuentes</translation>
    </message>
    <message>
        <source>&amp;Add source…</source>
        <translation>&amp;Añadir fuente…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Quitar…</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Desactivada</translation>
    </message>
    <message>
        <source>Not subscribed</source>
        <translation>Sin suscripción</translation>
    </message>
    <message>
        <source>Not subscribed: %1</source>
        <translation>Sin suscripción: %1</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectada</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Reconectando</translation>
    </message>
    <message>
        <source>Reconnecting (%1)</source>
        <translation>Reconectando (%1)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Apagada</translation>
    </message>
    <message>
        <source>Source %1 saved; AlertDesk subscribes to it now.</source>
        <translation>Fuente %1 guardada; AlertDesk se suscribe a ella ahora.</translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation>Quitar la fuente</translation>
    </message>
    <message>
        <source>Remove the source %1? AlertDesk stops reading its topic and forgets where it stood.</source>
        <translation>¿Quitar la fuente %1? AlertDesk deja de leer su tema y olvida dónde se había quedado.</translation>
    </message>
    <message>
        <source>Source %1 removed.</source>
        <translation>Fuente %1 quitada.</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>No se quitó: %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::TemplateEditorDialog</name>
    <message>
        <source>Message templates</source>
        <translation>Plantillas de mensaje</translation>
    </message>
    <message>
        <source>A template rewrites an alert&apos;s title and message for one channel kind and alert type (the most specific one applies). Placeholders: {{title}}, {{message}}, {{symbol}}, {{priority_emoji}}, {{data.NAME}}, {{data.NAME|default}} and every other alert field. A part that cannot be rendered sends the default text.</source>
        <translation>Una plantilla reescribe el título y el mensaje de una alerta para un tipo de canal y un tipo de alerta (se aplica la más específica). Marcadores: {{title}}, {{message}}, {{symbol}}, {{priority_emoji}}, {{data.NAME}}, {{data.NAME|default}} y cualquier otro campo de la alerta. Una parte que no se puede generar envía el texto por defecto.</translation>
    </message>
    <message>
        <source>Te&amp;mplates:</source>
        <translation>Plantilla&amp;s:</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Plantillas</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Añadir</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Plantilla</translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation>Cualquier canal</translation>
    </message>
    <message>
        <source>Channel &amp;kind:</source>
        <translation>Tipo de &amp;canal:</translation>
    </message>
    <message>
        <source>Any type</source>
        <translation>Cualquier tipo</translation>
    </message>
    <message>
        <source>Alert t&amp;ype:</source>
        <translation>&amp;Tipo de alerta:</translation>
    </message>
    <message>
        <source>Empty: the alert&apos;s own title</source>
        <translation>Vacío: el título propio de la alerta</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>Tít&amp;ulo:</translation>
    </message>
    <message>
        <source>Empty: the alert&apos;s own message</source>
        <translation>Vacío: el mensaje propio de la alerta</translation>
    </message>
    <message>
        <source>M&amp;essage:</source>
        <translation>&amp;Mensaje:</translation>
    </message>
    <message>
        <source>Template error</source>
        <translation>Error en la plantilla</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>A&amp;lert:</source>
        <translation>Al&amp;erta:</translation>
    </message>
    <message>
        <source>Preview alert</source>
        <translation>Alerta de vista previa</translation>
    </message>
    <message>
        <source>Sample price alert</source>
        <translation>Alerta de precio de ejemplo</translation>
    </message>
    <message>
        <source>The alert being composed</source>
        <translation>La alerta que se está redactando</translation>
    </message>
    <message>
        <source>What the channel receives</source>
        <translation>Lo que recibe el canal</translation>
    </message>
    <message>
        <source>Templates status</source>
        <translation>Estado de las plantillas</translation>
    </message>
    <message>
        <source>Reading the profile&apos;s templates…</source>
        <translation>Leyendo las plantillas del perfil…</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Another AlertDesk drives this profile: templates can be previewed, not saved.</source>
        <translation>Otro AlertDesk gestiona este perfil: las plantillas se pueden previsualizar, pero no guardar.</translation>
    </message>
    <message>
        <source>any type</source>
        <translation>cualquier tipo</translation>
    </message>
    <message>
        <source>No template: alerts go out with their own text.</source>
        <translation>Sin plantilla: las alertas salen con su propio texto.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>%1, %2 (this alert gets the default text)</source>
        <translation>%1, %2 (esta alerta recibe el texto por defecto)</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>The template has an error: this alert would go out with its default text, shown above.</source>
        <translation>La plantilla tiene un error: esta alerta saldría con su texto por defecto, mostrado arriba.</translation>
    </message>
    <message>
        <source>Rendered with this template.</source>
        <translation>Generado con esta plantilla.</translation>
    </message>
    <message>
        <source>What a %1 channel receives (%2):</source>
        <translation>Lo que recibe un canal %1 (%2):</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>No se guardó: %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
</context>
<context>
    <name>alertdesk::ThresholdsPage</name>
    <message>
        <source>Rules watch a metric (a price, PnL, drawdown, latency…) and raise an alert when their condition holds.</source>
        <translation>Las reglas vigilan una métrica (un precio, el PnL, el drawdown, la latencia…) y lanzan una alerta cuando se cumple su condición.</translation>
    </message>
    <message>
        <source>&amp;Add rule…</source>
        <translation>Añadir re&amp;gla…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>Disa&amp;ble</source>
        <translation>Desac&amp;tivar</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>Eli&amp;minar…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No rule yet&lt;/h3&gt;&lt;p&gt;A rule raises an alert when a metric crosses a threshold, leaves a range or moves by a percentage within a window: for example &lt;i&gt;BTCUSDT.price crossing up 100000&lt;/i&gt;, or &lt;i&gt;pnl.daily below -2000&lt;/i&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Aún no hay ninguna regla&lt;/h3&gt;&lt;p&gt;Una regla lanza una alerta cuando una métrica cruza un umbral, sale de un rango o se mueve un porcentaje dentro de una ventana: por ejemplo &lt;i&gt;BTCUSDT.price cruza al alza 100000&lt;/i&gt;, o &lt;i&gt;pnl.daily por debajo de -2000&lt;/i&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Add a rule…</source>
        <translation>Añadir una regla…</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Reglas</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condición</translation>
    </message>
    <message>
        <source>Frequency / cooldown</source>
        <translation>Frecuencia / enfriamiento</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Last triggered</source>
        <translation>Último disparo</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Caduca</translation>
    </message>
    <message>
        <source>Rules status</source>
        <translation>Estado de las reglas</translation>
    </message>
    <message>
        <source>Test the selected rule</source>
        <translation>Probar la regla seleccionada</translation>
    </message>
    <message>
        <source>Rule:</source>
        <translation>Regla:</translation>
    </message>
    <message>
        <source>e.g. 100250.5</source>
        <translation>p. ej. 100250.5</translation>
    </message>
    <message>
        <source>Va&amp;lue:</source>
        <translation>Va&amp;lor:</translation>
    </message>
    <message>
        <source>&amp;Previous value:</source>
        <translation>Valor ante&amp;rior:</translation>
    </message>
    <message>
        <source>Nothing is sent, and the rule&apos;s stored state is left as it is.</source>
        <translation>No se envía nada, y el estado guardado de la regla se queda como está.</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>on</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>off</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Enabled: click to disable</source>
        <translation>Activa: haga clic para desactivarla</translation>
    </message>
    <message>
        <source>Disabled: click to enable</source>
        <translation>Desactivada: haga clic para activarla</translation>
    </message>
    <message>
        <source>Ena&amp;ble</source>
        <translation>Ac&amp;tivar</translation>
    </message>
    <message>
        <source>Rule %1 added: it watches from now on.</source>
        <translation>Regla %1 añadida: vigila desde ahora.</translation>
    </message>
    <message>
        <source>Rule %1 saved.</source>
        <translation>Regla %1 guardada.</translation>
    </message>
    <message>
        <source>Delete rule</source>
        <translation>Eliminar regla</translation>
    </message>
    <message>
        <source>Delete the rule %1? Its alerts stay in the history.</source>
        <translation>¿Eliminar la regla %1? Sus alertas se quedan en el historial.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Eliminar</translation>
    </message>
    <message>
        <source>Rule %1 deleted.</source>
        <translation>Regla %1 eliminada.</translation>
    </message>
    <message>
        <source>Rule %1 not deleted: %2</source>
        <translation>Regla %1 no eliminada: %2</translation>
    </message>
    <message>
        <source>Rule %1 enabled (re-armed).</source>
        <translation>Regla %1 activada (rearmada).</translation>
    </message>
    <message>
        <source>Rule %1 disabled.</source>
        <translation>Regla %1 desactivada.</translation>
    </message>
    <message>
        <source>Rule %1 not changed: %2</source>
        <translation>Regla %1 sin cambios: %2</translation>
    </message>
    <message>
        <source>Select a rule in the list.</source>
        <translation>Seleccione una regla de la lista.</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
    <message>
        <source>Ea&amp;rlier values:</source>
        <translation>Valores ante&amp;riores:</translation>
    </message>
    <message>
        <source>the window&apos;s values, oldest first: 100, 101.5, 99.8</source>
        <translation>los valores de la ventana, del más antiguo al más reciente: 100, 101.5, 99.8</translation>
    </message>
    <message>
        <source>the value before, e.g. 99800</source>
        <translation>el valor anterior, p. ej. 99800</translation>
    </message>
    <message>
        <source>Type a value to see whether the rule would fire.</source>
        <translation>Escriba un valor para ver si la regla se dispararía.</translation>
    </message>
    <message>
        <source>Not a number</source>
        <translation>No es un número</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number.</source>
        <translation>«%1» no es un número.</translation>
    </message>
    <message>
        <source>More input needed</source>
        <translation>Faltan datos</translation>
    </message>
    <message>
        <source>Would fire</source>
        <translation>Se dispararía</translation>
    </message>
    <message>
        <source>Title: %1</source>
        <translation>Título: %1</translation>
    </message>
    <message>
        <source>Message: %1</source>
        <translation>Mensaje: %1</translation>
    </message>
    <message>
        <source>Would not fire</source>
        <translation>No se dispararía</translation>
    </message>
    <message>
        <source>The rule is disabled: the engine does not evaluate it.</source>
        <translation>La regla está desactivada: el motor no la evalúa.</translation>
    </message>
    <message>
        <source>The rule has expired: it no longer fires.</source>
        <translation>La regla ha caducado: ya no se dispara.</translation>
    </message>
    <message>
        <source>The rule fired once already and is spent: enable it again to re-arm it.</source>
        <translation>La regla ya se disparó una vez y está agotada: actívela de nuevo para rearmarla.</translation>
    </message>
    <message>
        <source>In its cooldown until %1.</source>
        <translation>En enfriamiento hasta %1.</translation>
    </message>
</context>
<context>
    <name>alertdesk::TrayIcon</name>
    <message>
        <source>&amp;Show AlertDesk</source>
        <translation>&amp;Mostrar AlertDesk</translation>
    </message>
    <message>
        <source>&amp;Quit AlertDesk</source>
        <translation>&amp;Salir de AlertDesk</translation>
    </message>
    <message>
        <source>AlertDesk — no open alert</source>
        <translation>AlertDesk — ninguna alerta abierta</translation>
    </message>
    <message numerus="yes">
        <source>AlertDesk — %n open alert(s)</source>
        <translation>
            <numerusform>AlertDesk — %n alerta abierta</numerusform>
            <numerusform>AlertDesk — %n alertas abiertas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>alertdesk::TrayNotifier</name>
    <message>
        <source>this desktop has no system tray, so AlertDesk cannot show notifications here</source>
        <translation>este escritorio no tiene bandeja del sistema, así que AlertDesk no puede mostrar notificaciones aquí</translation>
    </message>
    <message>
        <source>the AlertDesk window has no icon in the system tray (yet)</source>
        <translation>la ventana de AlertDesk (aún) no tiene icono en la bandeja del sistema</translation>
    </message>
    <message>
        <source>not shown: desktop notifications are paused until %1</source>
        <translation>no mostrada: las notificaciones de escritorio están en pausa hasta %1</translation>
    </message>
</context>
<context>
    <name>alertdesk::WelcomePanel</name>
    <message>
        <source>Welcome to AlertDesk</source>
        <translation>Bienvenido a AlertDesk</translation>
    </message>
    <message>
        <source>AlertDesk routes the alerts of your trading bots, price feeds and rules to the places you watch, retries what fails and keeps every alert and delivery here. This profile has no channel yet: three steps get you going.</source>
        <translation>AlertDesk lleva las alertas de sus bots de trading, fuentes de precios y reglas a los sitios que usted vigila, reintenta lo que falla y guarda aquí cada alerta y cada entrega. Este perfil aún no tiene ningún canal: tres pasos y listo.</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>Añadir un canal</translation>
    </message>
    <message>
        <source>Tell AlertDesk where alerts go: Slack, Discord, Telegram, email, SMS, Teams, PagerDuty, a webhook or this desktop; or import your .env file or an Apprise URL from the Channels page. Secrets go to the system keychain, never to disk.</source>
        <translation>Indique a AlertDesk adónde van las alertas: Slack, Discord, Telegram, correo, SMS, Teams, PagerDuty, un webhook o este escritorio; o importe su archivo .env o una URL de Apprise desde la página Canales. Los secretos van al llavero del sistema, nunca al disco.</translation>
    </message>
    <message>
        <source>Add a channel…</source>
        <translation>Añadir un canal…</translation>
    </message>
    <message>
        <source>Send a test</source>
        <translation>Enviar una prueba</translation>
    </message>
    <message>
        <source>Select the channel and press Send test: you see at once whether it was delivered, and how fast, or the platform&apos;s error.</source>
        <translation>Seleccione el canal y pulse Enviar prueba: verá al momento si se entregó, y con qué rapidez, o el error de la plataforma.</translation>
    </message>
    <message>
        <source>Open Channels</source>
        <translation>Abrir Canales</translation>
    </message>
    <message>
        <source>Send your first alert</source>
        <translation>Envíe su primera alerta</translation>
    </message>
    <message>
        <source>Compose one by hand, or from a script: alertdesk-cli send --priority HIGH --title &quot;BTC above 70k&quot;. Every alert and every delivery attempt shows up in this window as it happens.</source>
        <translation>Redacte una a mano o desde un script: alertdesk-cli send --priority HIGH --title &quot;BTC above 70k&quot;. Cada alerta y cada intento de entrega aparece en esta ventana en el momento en que ocurre.</translation>
    </message>
    <message>
        <source>Compose an alert</source>
        <translation>Redactar una alerta</translation>
    </message>
</context>
</TS>
