curl-X POST \
  {{url}}/handshake/token \
  -H 'Content-type: application/json'  \
  -H 'Authorization: YOUR_TOKEN' \
  -d '{
    "handshake_id": "4b816c58-2bd3-46cb-aefa-d431dd03608a",
    "captured_customer_ref_id": "ABCD1234512222",
    "customer_attrs": {
      "email": "a@B.com",
      "phone": "1234543212",
      "customer_name": "test name",
      "business_name": "test biz",
      "resi_address": "test resi add",
      "resi_pincode": "1111",
      "resi_city": "bangalore",
      "biz_address": "asasassa",
      "biz_pincode": "123456",
      "biz_city": "bangalore"
    },
    "async_result_callback_url":"CF_URL_where_partner_will_post_the_response_incase_it_cant_give_response_in_sync",
    "token_callback_url":"Optional now. Dynamic url for sending token per user case. You can send this as harcoded one Will be used in future"
  }'
