// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace alertdesk {

struct FieldError;

// What the Settings page's policy editors share: a list of named items (a JSON array) with
// Add/Remove on the left, a form for the selected one on the right, each edit written back
// to the array and checked at once by the engine's reader, the first problem in a label.
// A subclass adds its rows between the name and the problem label, and says how an item
// fills the form, how the form makes an item, what a new item is and how one is checked.
class PolicyListEditor : public QWidget {
    Q_OBJECT
public:
    ~PolicyListEditor() override;

    // The first error of the list ("policies.quiet_hours[0].name: ..."), or "".
    QString error() const { return m_error; }
    void setEditable(bool editable);

    // For tests and keyboard users.
    QListWidget* list() const { return m_list; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* removeButton() const { return m_remove; }
    QLineEdit* nameEdit() const { return m_name; }
    QLabel* errorLabel() const { return m_errorLabel; }

Q_SIGNALS:
    void changed();

protected:
    // pathKey: the items' place in the policy JSON ("policies.escalation"), for messages.
    PolicyListEditor(QString pathKey, const QString& listName, const QString& namePlaceholder, QWidget* parent);
    // Called at the end of the subclass's constructor: adds the problem label, shows no item.
    void finishForm();

    QFormLayout* formLayout() const { return m_formLayout; }
    QWidget* formWidget() const { return m_form; }
    QJsonArray items() const { return m_items; }
    void setItems(const QJsonArray& items);
    void showItem(int row);
    void formEdited();
    void validate();

    // "a, b,c" -> ["a", "b", "c"]
    static QJsonArray splitList(const QString& text);

    // The form's fields (besides the name) from an item ({} when none is selected).
    virtual void fillForm(const QJsonObject& item) = 0;
    // The item from the form: stored is the selected item as kept, its name already the form's.
    virtual QJsonObject formJson(QJsonObject stored) const = 0;
    virtual QJsonObject newItem() const = 0;
    virtual bool checkItem(const QJsonValue& item, const QString& path, FieldError* error) const = 0;
    // A note shown in place of an error when the list has none ("" for none).
    virtual QString notice() const { return {}; }
    // After setItems() put the list in, before the first item is shown.
    virtual void itemsReplaced() { }

    bool m_filling = false; // the form is being filled: its signals are no edits

private:
    QString m_pathKey;
    QJsonArray m_items;
    QString m_error;
    bool m_editable = true;
    QListWidget* m_list = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QWidget* m_form = nullptr;
    QFormLayout* m_formLayout = nullptr;
    QLineEdit* m_name = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace alertdesk
